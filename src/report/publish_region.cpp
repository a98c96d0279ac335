#include "report/publish_region.hpp"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <set>

#include <libpq-fe.h>

#include "core/errors.hpp"
#include "io/gdal.hpp"

namespace tl::report {

namespace {

const char* kMark = "tenglong region view";   // start of every roll-up view's comment: ours to replace

class Conn {
public:
    explicit Conn(const std::string& target) : m_display(io::gdal::display_source(target)) {
        std::string conninfo = target;
        if (conninfo.size() >= 3 && (conninfo[0] == 'P' || conninfo[0] == 'p') && (conninfo[1] == 'G' || conninfo[1] == 'g') &&
            conninfo[2] == ':')
            conninfo = conninfo.substr(3);
        if (const char* env = std::getenv("PGPASSWORD"); env && std::strlen(env) >= 3) m_secrets.emplace_back(env);
        char* err = nullptr;
        if (PQconninfoOption* opts = PQconninfoParse(conninfo.c_str(), &err)) {
            for (PQconninfoOption* o = opts; o->keyword; ++o)
                if (o->val && std::strcmp(o->keyword, "password") == 0 && std::strlen(o->val) >= 3) m_secrets.emplace_back(o->val);
            PQconninfoFree(opts);
        } else if (err) {
            PQfreemem(err);
        }
        const char* keys[] = {"dbname", "fallback_application_name", "client_encoding", nullptr};
        const char* values[] = {conninfo.c_str(), "tenglong", "UTF8", nullptr};
        m_conn = PQconnectdbParams(keys, values, 1);
        if (!m_conn || PQstatus(m_conn) != CONNECTION_OK)
            throw IoError(m_display, "cannot connect to PostgreSQL to publish the region's views: " +
                                         (m_conn ? scrub(PQerrorMessage(m_conn)) : std::string("out of memory")));
        PQsetNoticeProcessor(m_conn, [](void*, const char*) {}, nullptr);
    }
    ~Conn() {
        if (m_conn) PQfinish(m_conn);
    }
    Conn(const Conn&) = delete;
    Conn& operator=(const Conn&) = delete;

    std::string scrub(std::string msg) const {
        while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
        for (char& ch : msg)
            if (ch == '\n' || ch == '\t') ch = ' ';
        msg = io::gdal::display_source(msg);
        for (const auto& s : m_secrets)
            for (std::size_t pos = 0; (pos = msg.find(s, pos)) != std::string::npos; pos += 3) msg.replace(pos, s.size(), "***");
        return msg;
    }
    std::string ident(const std::string& name) const {
        char* q = PQescapeIdentifier(m_conn, name.c_str(), name.size());
        if (!q) throw IoError(m_display, "cannot quote the name " + name + ": " + scrub(PQerrorMessage(m_conn)));
        std::string out = q;
        PQfreemem(q);
        return out;
    }
    std::string literal(const std::string& text) const {
        char* q = PQescapeLiteral(m_conn, text.c_str(), text.size());
        if (!q) throw IoError(m_display, "cannot quote a text: " + scrub(PQerrorMessage(m_conn)));
        std::string out = q;
        PQfreemem(q);
        return out;
    }
    // Rows of a statement (each a vector of texts); throws IoError naming `step`.
    std::vector<std::vector<std::string>> exec(const std::string& step, const std::string& sql,
                                               const std::vector<std::string>& params = {}) const {
        std::vector<const char*> values;
        for (const auto& p : params) values.push_back(p.c_str());
        // sql-quoted: every caller builds `sql` from ident()/literal() (PQescapeIdentifier /
        // PQescapeLiteral) and constants, or passes values as $n parameters.
        PGresult* r = params.empty() ? PQexec(m_conn, sql.c_str())
                                     : PQexecParams(m_conn, sql.c_str(),  // sql-quoted: as above; values are $n
                                                    static_cast<int>(params.size()), nullptr, values.data(), nullptr, nullptr, 0);
        const auto status = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
        if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
            const std::string msg = scrub(r ? PQresultErrorMessage(r) : PQerrorMessage(m_conn));
            if (r) PQclear(r);
            throw IoError(m_display, "publishing the region's views (" + step + "): " + msg);
        }
        std::vector<std::vector<std::string>> rows;
        for (int i = 0; i < PQntuples(r); ++i) {
            std::vector<std::string> row;
            for (int k = 0; k < PQnfields(r); ++k) row.emplace_back(PQgetvalue(r, i, k));
            rows.push_back(std::move(row));
        }
        PQclear(r);
        return rows;
    }
    void rollback() const { PQclear(PQexec(m_conn, "ROLLBACK")); }   // sql-quoted: a constant statement.
    const std::string& display() const { return m_display; }

private:
    PGconn* m_conn = nullptr;
    std::string m_display;
    std::vector<std::string> m_secrets;
}; // class Conn

struct PgColumn {
    std::string name, type;
}; // struct PgColumn

} // namespace

std::string county_schema(const std::string& prefix, const std::string& county) { return prefix + "_" + county; }

std::vector<std::pair<std::string, std::size_t>> publish_region_views(const std::string& target, const std::string& schema,
                                                                       const std::vector<RegionPublishCounty>& counties) {
    const Conn db(target);
    const std::string q_schema = db.ident(schema);
    // Tables of each county's schema and their columns, in region order.
    std::vector<std::string> names;                                     // first-seen order
    std::map<std::string, std::vector<std::pair<const RegionPublishCounty*, std::vector<PgColumn>>>> parts;
    for (const auto& c : counties) {
        if (!c.ok) continue;
        const auto tables = db.exec("list " + c.schema,
                                    "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                                    "WHERE n.nspname = $1 AND c.relkind = 'r' ORDER BY 1",
                                    {c.schema});
        for (const auto& t : tables) {
            const auto cols = db.exec("columns of " + c.schema + "." + t[0],
                                      "SELECT a.attname, format_type(a.atttypid, a.atttypmod) FROM pg_attribute a "
                                      "JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
                                      "WHERE n.nspname = $1 AND c.relname = $2 AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum",
                                      {c.schema, t[0]});
            std::vector<PgColumn> columns;
            for (const auto& r : cols) columns.push_back({r[0], r[1]});
            if (!parts.count(t[0])) names.push_back(t[0]);
            parts[t[0]].emplace_back(&c, std::move(columns));
        }
    }
    if (std::find(names.begin(), names.end(), "counties") != names.end())
        throw UsageError("--publish: a county schema holds a table named counties, the name of the region's county list");

    db.exec("begin", "BEGIN");
    try {
        db.exec("lock timeout", "SET LOCAL lock_timeout = '60s'");
        db.exec("create schema", "CREATE SCHEMA IF NOT EXISTS " + q_schema);
        // What is in the region schema: our previous views go; anything else of a name we need stops us.
        const auto existing = db.exec("check schema",
                                      "SELECT c.relname, c.relkind, coalesce(obj_description(c.oid, 'pg_class'), '') FROM pg_class c "
                                      "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'v', 'm', 'f') "
                                      "ORDER BY 1",
                                      {schema});
        std::set<std::string> wanted(names.begin(), names.end());
        wanted.insert("counties");
        for (const auto& r : existing) {
            const bool ours = r[1] == "v" && r[2].rfind(kMark, 0) == 0;
            if (ours) {
                db.exec("drop previous view", "DROP VIEW " + q_schema + "." + db.ident(r[0]));
            } else if (wanted.count(r[0])) {
                throw UsageError("--publish: schema \"" + schema + "\" holds " + (r[1] == "v" ? "a view" : "a table") + " named " + r[0] +
                                 " that tenglong did not create; choose another --schema, or drop or rename it");
            }
        }
        std::vector<std::pair<std::string, std::size_t>> made;
        for (const auto& name : names) {
            const auto& ps = parts[name];
            // The union of the columns, first-seen order; one type each (plain geometry or text where counties differ).
            std::vector<std::string> order;
            std::map<std::string, std::string> type;
            for (const auto& [c, cols] : ps)
                for (const auto& col : cols) {
                    auto it = type.find(col.name);
                    if (it == type.end()) {
                        order.push_back(col.name);
                        type[col.name] = col.type;
                    } else if (it->second != col.type) {
                        it->second = it->second.rfind("geometry", 0) == 0 && col.type.rfind("geometry", 0) == 0 ? "geometry" : "text";
                    }
                }
            std::string sql = "CREATE VIEW " + q_schema + "." + db.ident(name) + " AS\n";
            bool first = true;
            for (const auto& [c, cols] : ps) {
                std::map<std::string, std::string> has;
                for (const auto& col : cols) has[col.name] = col.type;
                sql += first ? "" : "\nUNION ALL\n";
                first = false;
                sql += "SELECT " + db.literal(c->name) + "::text AS county";
                for (const auto& col : order) {
                    if (col == "county") continue;
                    const std::string q = db.ident(col);
                    const auto h = has.find(col);
                    if (h == has.end()) sql += ", NULL::" + type[col] + " AS " + q;
                    else if (h->second != type[col]) sql += ", " + q + "::" + type[col] + " AS " + q;
                    else sql += ", " + q;
                }
                sql += " FROM " + db.ident(c->schema) + "." + db.ident(name);
            }
            db.exec("create view " + name, sql);
            db.exec("comment " + name, "COMMENT ON VIEW " + q_schema + "." + db.ident(name) + " IS " +
                                           db.literal(std::string(kMark) + ": " + name + " of every county (county = 县(市、区))"));
            made.emplace_back(name, ps.size());
        }
        std::string list = "CREATE VIEW " + q_schema + ".counties AS SELECT * FROM (VALUES ";
        for (std::size_t k = 0; k < counties.size(); ++k) {
            const auto& c = counties[k];
            list += (k ? ", (" : "(") + db.literal(c.name) + "::text, " + db.literal(c.schema) + "::text, " +
                    db.literal(c.ok ? "ok" : "failed") + "::text, " + db.literal(c.error) + "::text)";
        }
        list += ") AS t(county, schema_name, status, error)";
        db.exec("create view counties", list);
        db.exec("comment counties", "COMMENT ON VIEW " + q_schema + ".counties IS " +
                                        db.literal(std::string(kMark) + ": the counties (县(市、区)), their schemas, status and error"));
        made.emplace_back("counties", counties.size());
        db.exec("commit", "COMMIT");
        return made;
    } catch (...) {
        db.rollback();
        throw;
    }
}

} // namespace tl::report
