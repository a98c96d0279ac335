#include "report/publish_pg.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <set>

#include <libpq-fe.h>
#include <unistd.h>

#include "core/errors.hpp"
#include "io/encoding.hpp"
#include "io/gdal.hpp"

namespace tl::report {

namespace {

// The conninfo part of "PG:..." (GDAL's spelling, which the readers use too).
std::string conninfo_of(const std::string& target) {
    return target.size() >= 3 && (target[0] == 'P' || target[0] == 'p') && (target[1] == 'G' || target[1] == 'g') &&
                   target[2] == ':'
               ? target.substr(3)
               : target;
}

bool starts_with_pg(const std::string& s) {
    return s.size() >= 3 && (s[0] == 'P' || s[0] == 'p') && (s[1] == 'G' || s[1] == 'g') && s[2] == ':';
}

struct PgResult {
    PGresult* r = nullptr;
    explicit PgResult(PGresult* r_) : r(r_) {}
    ~PgResult() {
        if (r) PQclear(r);
    }
    PgResult(const PgResult&) = delete;
    PgResult& operator=(const PgResult&) = delete;
}; // struct PgResult

// A publish failure carries the step it failed at; Impl::fail turns it into the IoError.
struct StepError {
    std::string step, message;
};

std::string trim(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == ' ' || s.back() == '\r')) s.pop_back();
    return s;
}

// Text for COPY's text format: backslash, tab, newline and carriage return escaped.
void copy_escape(std::string& out, const std::string& s) {
    for (char ch : s) {
        switch (ch) {
            case '\\': out += "\\\\"; break;
            case '\t': out += "\\t"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            default: out += ch;
        }
    }
}

bool is_integer_text(const std::string& s) {
    if (s.empty()) return false;
    std::size_t i = (s[0] == '-' || s[0] == '+') ? 1 : 0;
    if (i >= s.size() || s.size() - i > 18) return false;
    for (; i < s.size(); ++i)
        if (s[i] < '0' || s[i] > '9') return false;
    return true;
}

bool is_number_text(const std::string& s) {
    if (s.empty()) return false;
    char* end = nullptr;
    const double d = std::strtod(s.c_str(), &end);
    return end && *end == '\0' && std::isfinite(d);
}

bool is_iso_date(const std::string& s) {
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
    for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
        if (s[i] < '0' || s[i] > '9') return false;
    const int m = std::atoi(s.substr(5, 2).c_str()), d = std::atoi(s.substr(8, 2).c_str());
    return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

// The PostgreSQL type of a column: what its kind says, unless a value does not fit (a text
// cell in a number column): then text, so that nothing is lost or refused.
std::string pg_type(const Column& col, const Table& t, std::size_t i) {
    auto all = [&](auto&& fits) {
        for (const auto& row : t.rows) {
            if (i >= row.size()) continue;
            const Cell& v = row[i];
            if (std::holds_alternative<std::monostate>(v)) continue;
            if (!fits(v)) return false;
        }
        return true;
    };
    switch (col.kind) {
        case ColumnKind::text: return "text";
        case ColumnKind::integer:
            return all([](const Cell& v) {
                if (std::holds_alternative<std::int64_t>(v)) return true;
                if (const auto* d = std::get_if<double>(&v)) return std::isfinite(*d) && std::fabs(*d) < 9e18;
                return is_integer_text(std::get<std::string>(v));
            }) ? "bigint" : "text";
        case ColumnKind::date:
            return all([](const Cell& v) {
                const auto* s = std::get_if<std::string>(&v);
                return s && is_iso_date(*s);
            }) ? "date" : "text";
        default:
            return all([](const Cell& v) {
                const auto* s = std::get_if<std::string>(&v);
                return !s || s->empty() || is_number_text(*s);
            }) ? "double precision" : "text";
    }
}

// PostGIS's name for an ISO WKB geometry type code (2D; Z/M variants keep the base name).
std::string wkb_type_name(std::uint32_t code) {
    switch (code % 1000) {
        case 1: return "Point";
        case 2: return "LineString";
        case 3: return "Polygon";
        case 4: return "MultiPoint";
        case 5: return "MultiLineString";
        case 6: return "MultiPolygon";
        case 7: return "GeometryCollection";
        default: return "Geometry";
    }
}

std::uint32_t wkb_type(const std::string& wkb) {
    if (wkb.size() < 5) return 0;
    std::uint32_t v = 0;
    const auto* b = reinterpret_cast<const unsigned char*>(wkb.data());
    if (b[0] == 1) v = b[1] | (b[2] << 8) | (b[3] << 16) | (static_cast<std::uint32_t>(b[4]) << 24);
    else v = b[4] | (b[3] << 8) | (b[2] << 16) | (static_cast<std::uint32_t>(b[1]) << 24);
    return v;
}

void hex_append(std::string& out, const std::string& bytes) {
    static const char* digits = "0123456789ABCDEF";
    for (unsigned char b : bytes) {
        out += digits[b >> 4];
        out += digits[b & 15];
    }
}

// summary.json flattened to (dotted key, JSON value) in document order; arrays stay one value.
void flatten(const nlohmann::ordered_json& j, const std::string& prefix,
             std::vector<std::pair<std::string, const nlohmann::ordered_json*>>& out) {
    if (j.is_object() && !j.empty()) {
        for (auto it = j.begin(); it != j.end(); ++it) flatten(it.value(), prefix.empty() ? it.key() : prefix + "." + it.key(), out);
    } else {
        out.emplace_back(prefix, &j);
    }
}

} // namespace

void check_publish_args(const std::string& target, const std::string& schema) {
    if (!starts_with_pg(target) || conninfo_of(target).find_first_not_of(" \t") == std::string::npos)
        throw UsageError("--publish " + io::gdal::display_source(target) +
                         ": give a PostgreSQL connection as PG:\"dbname=... host=... user=...\" (no password: "
                         "put it in PGPASSWORD or a pgpass file)");
    if (schema.empty()) throw UsageError("--schema is empty; name the schema to publish into, e.g. --schema tenglong");
    if (schema.size() > 63)
        throw UsageError("--schema is " + std::to_string(schema.size()) +
                         " bytes long; PostgreSQL names are at most 63 bytes (a Chinese character takes 3)");
    if (!io::encoding::is_valid_utf8(schema)) throw UsageError("--schema is not valid UTF-8");
    if (schema.size() >= 3 && (schema.compare(0, 3, "pg_") == 0 || schema.compare(0, 3, "PG_") == 0))
        throw UsageError("--schema " + schema + ": names starting with pg_ are reserved by PostgreSQL; choose another");
}

struct PgPublisher::Impl {
    PGconn* conn = nullptr;
    std::string display;                 // target, password hidden
    std::vector<std::string> secrets;    // passwords to hide in any message
    std::string schema;
    std::string q_schema;                // quoted
    std::string geometry_type;           // qualified name of PostGIS's geometry type
    std::set<std::string> previous;      // tables the previous publish created (from tenglong_run)

    ~Impl() {
        if (conn) PQfinish(conn);
    }

    std::string scrub(std::string msg) const {
        // libpq and the server answer in lines ("ERROR: ...\nDETAIL: ..."): one line per message.
        for (char& ch : msg)
            if (ch == '\n' || ch == '\t') ch = ' ';
        msg = io::gdal::display_source(msg);
        for (const auto& s : secrets) {
            if (s.size() < 3) continue;   // a one-letter password would blank every such letter
            for (std::size_t pos = 0; (pos = msg.find(s, pos)) != std::string::npos; pos += 3) msg.replace(pos, s.size(), "***");
        }
        return msg;
    }

    std::string server_error() const { return scrub(trim(PQerrorMessage(conn))); }

    std::string ident(const std::string& name) const {
        char* q = PQescapeIdentifier(conn, name.c_str(), name.size());
        if (!q) throw StepError{"quote", "cannot quote the name " + name + ": " + server_error()};
        std::string out = q;
        PQfreemem(q);
        return out;
    }

    std::string literal(const std::string& text) const {
        char* q = PQescapeLiteral(conn, text.c_str(), text.size());
        if (!q) throw StepError{"quote", "cannot quote a comment: " + server_error()};
        std::string out = q;
        PQfreemem(q);
        return out;
    }

    // Runs a statement; returns its result (rows for a SELECT). Throws StepError naming `step`.
    std::unique_ptr<PgResult> exec(const std::string& step, const std::string& sql,
                                   const std::vector<std::string>& params = {}) const {
        std::vector<const char*> values;
        for (const auto& p : params) values.push_back(p.c_str());
        // sql-quoted: every caller builds `sql` with ident()/literal() (PQescapeIdentifier /
        // PQescapeLiteral) or passes values as $n parameters; no input name is spliced raw.
        auto res = std::make_unique<PgResult>(
            params.empty() ? PQexec(conn, sql.c_str())
                           : PQexecParams(conn, sql.c_str(),  // sql-quoted: as above; values are $n
                                          static_cast<int>(params.size()), nullptr, values.data(), nullptr,
                                          nullptr, 0));
        const auto status = res->r ? PQresultStatus(res->r) : PGRES_FATAL_ERROR;
        if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
            const std::string msg = res->r ? trim(PQresultErrorMessage(res->r)) : trim(PQerrorMessage(conn));
            throw StepError{step, scrub(msg)};
        }
        return res;
    }

    // Our table names in the schema (tables and views alike: a view named parcels blocks us too).
    std::vector<std::string> relations_in_schema() const {
        auto r = exec("check schema",
                      "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                      "WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'v', 'm', 'f') ORDER BY 1",
                      {schema});
        std::vector<std::string> out;
        for (int i = 0; i < PQntuples(r->r); ++i) out.emplace_back(PQgetvalue(r->r, i, 0));
        return out;
    }

    // Reads the previous publish's table list; throws UsageError when a table we would create
    // exists in the schema but was not created by us.
    void check_ownership(const std::vector<std::string>& ours) {
        previous.clear();
        const auto rels = relations_in_schema();
        const std::set<std::string> present(rels.begin(), rels.end());
        if (present.count("tenglong_run")) {
            auto r = exec("check schema", "SELECT unnest(tables) FROM " + q_schema + ".tenglong_run");
            for (int i = 0; i < PQntuples(r->r); ++i) previous.insert(PQgetvalue(r->r, i, 0));
            previous.insert("tenglong_run");
        }
        std::vector<std::string> foreign;
        for (const auto& name : ours)
            if (present.count(name) && !previous.count(name)) foreign.push_back(name);
        if (!foreign.empty()) {
            std::string list;
            for (const auto& f : foreign) list += (list.empty() ? "" : ", ") + f;
            throw UsageError(display + ": schema \"" + schema + "\" already holds " + list +
                             ", not published by tenglong (no tenglong_run table lists it); tenglong never drops tables it "
                             "did not create: choose another --schema");
        }
    }

    void load_table(geom::GeosContext& c, const std::string& q_stage, const PgTable& pt, int srid,
                    PublishResult& result) {
        const Table& t = *pt.table;
        const std::string step = "load " + pt.name;
        // Column names: the machine keys, made unique (and clear of tl_row / geom).
        std::vector<std::string> names;
        std::set<std::string> used{"tl_row", "geom"};
        for (const auto& col : t.columns) {
            std::string n = col.key.empty() ? "column" : col.key;
            std::string candidate = n;
            for (int k = 2; used.count(candidate); ++k) candidate = n + "_" + std::to_string(k);
            used.insert(candidate);
            names.push_back(candidate);
        }
        std::vector<std::string> types;
        for (std::size_t i = 0; i < t.columns.size(); ++i) types.push_back(pg_type(t.columns[i], t, i));

        bool has_geom = false;
        std::vector<std::string> wkbs(t.rows.size());
        std::set<std::uint32_t> geom_types;
        for (std::size_t r = 0; r < t.rows.size() && r < t.geoms.size(); ++r) {
            if (!t.geoms[r]) continue;
            wkbs[r] = geom::to_wkb(c, t.geoms[r]);
            geom_types.insert(wkb_type(wkbs[r]) % 1000);
            has_geom = true;
        }
        const std::string geom_type = geom_types.size() == 1 ? wkb_type_name(*geom_types.begin()) : "Geometry";

        const std::string q_table = q_stage + "." + ident(pt.name);
        std::string create = "CREATE TABLE " + q_table + " (tl_row bigint PRIMARY KEY";
        for (std::size_t i = 0; i < names.size(); ++i) create += ", " + ident(names[i]) + " " + types[i];
        if (has_geom) create += ", geom " + geometry_type + "(" + geom_type + ", " + std::to_string(srid) + ")";
        create += ")";
        exec(step, create);

        std::string copy = "COPY " + q_table + " (tl_row";
        for (const auto& n : names) copy += ", " + ident(n);
        if (has_geom) copy += ", geom";
        copy += ") FROM STDIN";
        {
            // sql-quoted: table and column names went through ident() above.
            PgResult started(PQexec(conn, copy.c_str()));
            if (!started.r || PQresultStatus(started.r) != PGRES_COPY_IN)
                throw StepError{step, scrub(trim(started.r ? PQresultErrorMessage(started.r) : PQerrorMessage(conn)))};
        }
        std::string buf;
        auto flush = [&](bool last) {
            if (!buf.empty() && PQputCopyData(conn, buf.data(), static_cast<int>(buf.size())) != 1)
                throw StepError{step, "COPY failed: " + server_error()};
            buf.clear();
            if (last) {
                if (PQputCopyEnd(conn, nullptr) != 1) throw StepError{step, "COPY failed: " + server_error()};
                PgResult end(PQgetResult(conn));
                if (!end.r || PQresultStatus(end.r) != PGRES_COMMAND_OK)
                    throw StepError{step, scrub(trim(end.r ? PQresultErrorMessage(end.r) : PQerrorMessage(conn)))};
                while (PGresult* extra = PQgetResult(conn)) PQclear(extra);
            }
        };
        const std::string srid_prefix = srid > 0 ? "SRID=" + std::to_string(srid) + ";" : std::string{};
        for (std::size_t r = 0; r < t.rows.size(); ++r) {
            buf += std::to_string(r + 1);
            const auto& row = t.rows[r];
            for (std::size_t i = 0; i < t.columns.size(); ++i) {
                buf += '\t';
                const Cell& v = i < row.size() ? row[i] : Cell{};
                std::string text;
                if (!std::holds_alternative<std::monostate>(v)) {
                    if (types[i] == "bigint" && std::holds_alternative<double>(v))
                        text = std::to_string(std::llround(std::get<double>(v)));
                    else text = format_cell(t.columns[i], v);  // rounded like the CSV
                }
                if (text.empty() && !(types[i] == "text" && std::holds_alternative<std::string>(v))) buf += "\\N";
                else copy_escape(buf, text);
            }
            if (has_geom) {
                buf += '\t';
                if (wkbs[r].empty()) buf += "\\N";
                else {
                    buf += srid_prefix;
                    hex_append(buf, wkbs[r]);
                }
            }
            buf += '\n';
            if (buf.size() > (1u << 20)) flush(false);
        }
        flush(true);

        if (has_geom) exec(step, "CREATE INDEX " + ident(pt.name + "_geom_gist") + " ON " + q_table + " USING GIST (geom)");
        exec(step, "COMMENT ON TABLE " + q_table + " IS " + literal(pt.comment));
        exec(step, "COMMENT ON COLUMN " + q_table + ".tl_row IS " + literal("行号 | row number (1..n, the order of the CSV)"));
        for (std::size_t i = 0; i < names.size(); ++i) {
            const auto& col = t.columns[i];
            exec(step, "COMMENT ON COLUMN " + q_table + "." + ident(names[i]) + " IS " + literal(col.zh + " | " + col.en));
        }
        if (has_geom)
            exec(step, "COMMENT ON COLUMN " + q_table + ".geom IS " +
                           literal("图形(工作坐标系 SRID " + std::to_string(srid) + ") | geometry (working CRS, SRID " +
                                   std::to_string(srid) + ")"));
        exec(step, "ANALYZE " + q_table);
        result.tables.emplace_back(pt.name, t.rows.size());
    }

    void load_summary(const std::string& q_stage, const nlohmann::ordered_json& summary, PublishResult& result) {
        const std::string step = "load summary";
        const std::string q_table = q_stage + ".summary";
        exec(step, "CREATE TABLE " + q_table + " (tl_row bigint PRIMARY KEY, key text NOT NULL UNIQUE, value jsonb, number double precision)");
        std::vector<std::pair<std::string, const nlohmann::ordered_json*>> leaves;
        flatten(summary, "", leaves);
        std::size_t n = 0;
        for (const auto& [key, value] : leaves) {
            const std::string json = value->dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
            std::string number;
            if (value->is_number()) number = json;
            exec(step, "INSERT INTO " + q_table + " VALUES ($1, $2, $3::jsonb, " + (number.empty() ? "NULL" : "$4::double precision") + ")",
                 number.empty() ? std::vector<std::string>{std::to_string(++n), key, json}
                                : std::vector<std::string>{std::to_string(++n), key, json, number});
        }
        exec(step, "COMMENT ON TABLE " + q_table + " IS " +
                       literal("汇总(summary.json 展开) | the run's totals (summary.json flattened, one row per value)"));
        exec(step, "COMMENT ON COLUMN " + q_table + ".tl_row IS " + literal("行号 | row number (document order)"));
        exec(step, "COMMENT ON COLUMN " + q_table + ".key IS " +
                       literal("项(点分路径, 如 categories.unsupplied.area_m2) | dotted path in summary.json"));
        exec(step, "COMMENT ON COLUMN " + q_table + ".value IS " + literal("值(JSON) | value (JSON)"));
        exec(step, "COMMENT ON COLUMN " + q_table + ".number IS " + literal("数值(数值项) | the value when it is a number"));
        result.tables.emplace_back("summary", leaves.size());
    }

    void load_run(const std::string& q_stage, const nlohmann::ordered_json* run, const std::vector<std::string>& tables,
                  PublishResult& result) {
        const std::string step = "load tenglong_run";
        const std::string q_table = q_stage + ".tenglong_run";
        exec(step, "CREATE TABLE " + q_table +
                       " (published_at timestamptz NOT NULL DEFAULT now(), tool text, project text, as_of date, "
                       "tables text[] NOT NULL, run jsonb)");
        std::string array = "{";
        for (std::size_t i = 0; i < tables.size(); ++i) array += (i ? "," : "") + std::string("\"") + tables[i] + "\"";
        array += "}";
        const nlohmann::ordered_json empty = nlohmann::ordered_json::object();
        const nlohmann::ordered_json& j = run ? *run : empty;
        auto text = [&](const char* key) {
            const auto it = j.find(key);
            return it != j.end() && it->is_string() ? it->get<std::string>() : std::string{};
        };
        std::string tool = "tenglong";
        if (j.contains("tool") && j["tool"].is_object() && j["tool"].contains("version"))
            tool += " " + j["tool"]["version"].get<std::string>();
        exec(step, "INSERT INTO " + q_table + " (tool, project, as_of, tables, run) VALUES ($1, $2, NULLIF($3, '')::date, $4::text[], $5::jsonb)",
             {tool, text("project"), text("as_of"), array, j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace)});
        exec(step, "COMMENT ON TABLE " + q_table + " IS " +
                       literal("tenglong 发布记录: 本模式中由 tenglong 创建的表 | tenglong publish record: the tables tenglong "
                               "created in this schema (the next publish replaces exactly these)"));
        exec(step, "COMMENT ON COLUMN " + q_table + ".published_at IS " + literal("发布时间 | when this publish committed"));
        exec(step, "COMMENT ON COLUMN " + q_table + ".tool IS " + literal("工具及版本 | tool and version"));
        exec(step, "COMMENT ON COLUMN " + q_table + ".project IS " + literal("项目 | project name"));
        exec(step, "COMMENT ON COLUMN " + q_table + ".as_of IS " + literal("分析基准日 | the date the analysis is made as of"));
        exec(step, "COMMENT ON COLUMN " + q_table + ".tables IS " + literal("发布的表 | tables published"));
        exec(step, "COMMENT ON COLUMN " + q_table + ".run IS " + literal("run.json(来源与耗时) | run.json (provenance, timings)"));
        result.tables.emplace_back("tenglong_run", 1);
    }
}; // struct PgPublisher::Impl

PgPublisher::PgPublisher(std::string target, std::string schema, const std::vector<std::string>& table_names)
    : m(std::make_unique<Impl>()), m_target(std::move(target)), m_schema(std::move(schema)) {
    check_publish_args(m_target, m_schema);
    m->display = io::gdal::display_source(m_target);
    m->schema = m_schema;
    const std::string conninfo = conninfo_of(m_target);
    // Hide the password of the connection string and PGPASSWORD in anything a server says.
    if (const char* env = std::getenv("PGPASSWORD"); env && *env) m->secrets.emplace_back(env);
    char* err = nullptr;
    if (PQconninfoOption* opts = PQconninfoParse(conninfo.c_str(), &err)) {
        for (PQconninfoOption* o = opts; o->keyword; ++o)
            if (o->val && std::strcmp(o->keyword, "password") == 0 && *o->val) m->secrets.emplace_back(o->val);
        PQconninfoFree(opts);
    } else {
        std::string why = err ? trim(err) : std::string("not a connection string");
        if (err) PQfreemem(err);
        throw UsageError("--publish " + m->display + ": " + m->scrub(why) +
                         "; write PG:\"dbname=... host=... user=...\" or PG:postgresql://user@host/db");
    }
    // expand_dbname: the conninfo (or URI) is read as a whole; we add our name and UTF-8.
    const char* keys[] = {"dbname", "fallback_application_name", "client_encoding", nullptr};
    const char* values[] = {conninfo.c_str(), "tenglong", "UTF8", nullptr};
    m->conn = PQconnectdbParams(keys, values, 1);
    if (!m->conn || PQstatus(m->conn) != CONNECTION_OK)
        throw IoError(m->display, "cannot connect to PostgreSQL to publish: " + (m->conn ? m->server_error() : std::string("out of memory")) +
                                      " (the password comes from PGPASSWORD or a pgpass file)");
    // NOTICEs (identifier truncation, "already exists, skipping") would go to stderr unasked.
    PQsetNoticeProcessor(m->conn, [](void*, const char*) {}, nullptr);
    try {
        m->q_schema = m->ident(m_schema);
        auto r = m->exec("check PostGIS",
                         "SELECT n.nspname, e.extversion FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace "
                         "WHERE e.extname = 'postgis'");
        if (PQntuples(r->r) == 0)
            throw IoError(m->display, "the database has no PostGIS; ask its administrator to run CREATE EXTENSION postgis; "
                                      "(or publish into another database)");
        m->geometry_type = m->ident(PQgetvalue(r->r, 0, 0)) + ".geometry";
        std::vector<std::string> names = table_names;
        names.emplace_back("summary");
        names.emplace_back("tenglong_run");
        m->check_ownership(names);
    } catch (const StepError& e) {
        throw IoError(m->display, "cannot publish to schema \"" + m_schema + "\" (" + e.step + "): " + e.message);
    }
}

PgPublisher::~PgPublisher() = default;

std::string PgPublisher::display_target() const { return m->display; }

PublishResult PgPublisher::publish(geom::GeosContext& c, const PublishInput& in) {
    PublishResult result;
    const char* fail_at = std::getenv("TENGLONG_TEST_PUBLISH_FAIL_AT");
    const std::string hook = fail_at ? fail_at : "";
    std::vector<std::string> ours;
    for (const auto& t : in.tables) ours.push_back(t.name);
    ours.emplace_back("summary");
    ours.emplace_back("tenglong_run");
    try {
        m->exec("begin", "BEGIN");
        // Two publishes into one schema at once would each drop what the other moved in.
        auto lt = m->exec("lock", "SELECT current_setting('lock_timeout')");
        if (std::string(PQgetvalue(lt->r, 0, 0)) == "0") m->exec("lock", "SET LOCAL lock_timeout = '60s'");
        m->exec("lock", "SELECT pg_advisory_xact_lock(hashtext('tenglong publish ' || $1))", {m_schema});
        m->exec("begin", "SET LOCAL client_min_messages = warning");
        // The staging schema lives only inside this transaction: the backend pid makes its
        // name unique among concurrent sessions, and a rollback removes it.
        auto pid = m->exec("begin", "SELECT pg_backend_pid()");
        const std::string stage = "tenglong_staging_" + std::string(PQgetvalue(pid->r, 0, 0));
        const std::string q_stage = m->ident(stage);
        m->exec("staging", "CREATE SCHEMA " + q_stage);
        for (const auto& t : in.tables) {
            m->load_table(c, q_stage, t, in.srid, result);
            if (hook == "load") throw StepError{"load " + t.name, "test failure (TENGLONG_TEST_PUBLISH_FAIL_AT=load)"};
        }
        if (in.summary) m->load_summary(q_stage, *in.summary, result);
        else ours.erase(std::find(ours.begin(), ours.end(), "summary"));
        m->load_run(q_stage, in.run, ours, result);

        // The swap: everything above was invisible to readers; from here on the previous
        // tables are locked exclusively until COMMIT.
        auto has_schema = m->exec("swap", "SELECT 1 FROM pg_namespace WHERE nspname = $1", {m_schema});
        result.schema_created = PQntuples(has_schema->r) == 0;
        if (result.schema_created) m->exec("swap", "CREATE SCHEMA " + m->q_schema);
        m->check_ownership(ours);   // again, under the advisory lock
        const auto present_list = m->relations_in_schema();
        const std::set<std::string> present(present_list.begin(), present_list.end());
        std::set<std::string> drop(m->previous.begin(), m->previous.end());
        drop.insert(ours.begin(), ours.end());
        // The grants on the previous tables (a viewer role of the bureau's web map), to give
        // again on their replacements: a dropped table takes its grants with it.
        std::vector<std::string> regrants;
        for (const auto& name : ours) {
            if (!present.count(name)) continue;
            auto acl = m->exec("swap (grants of " + name + ")",
                               "SELECT a.privilege_type, CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(r.rolname) END, "
                               "a.is_grantable FROM pg_class c CROSS JOIN LATERAL aclexplode(c.relacl) a "
                               "LEFT JOIN pg_roles r ON r.oid = a.grantee "
                               "WHERE c.oid = to_regclass($1) AND a.grantee <> c.relowner AND (a.grantee = 0 OR r.oid IS NOT NULL)",
                               {m->q_schema + "." + m->ident(name)});
            for (int i = 0; i < PQntuples(acl->r); ++i)
                regrants.push_back("GRANT " + std::string(PQgetvalue(acl->r, i, 0)) + " ON " + m->q_schema + "." + m->ident(name) +
                                   " TO " + PQgetvalue(acl->r, i, 1) +
                                   (std::string(PQgetvalue(acl->r, i, 2)) == "t" ? " WITH GRANT OPTION" : ""));
        }
        for (const auto& name : drop) {
            if (!present.count(name)) continue;
            m->exec("swap (drop previous " + name + ")", "DROP TABLE " + m->q_schema + "." + m->ident(name));
            if (std::find(ours.begin(), ours.end(), name) == ours.end()) result.dropped.push_back(name);
        }
        for (const auto& name : ours)
            m->exec("swap", "ALTER TABLE " + q_stage + "." + m->ident(name) + " SET SCHEMA " + m->q_schema);
        for (const auto& g : regrants) m->exec("swap (grants)", g);
        m->exec("swap", "DROP SCHEMA " + q_stage);
        if (hook == "swap") throw StepError{"swap", "test failure (TENGLONG_TEST_PUBLISH_FAIL_AT=swap)"};
        m->exec("commit", "COMMIT");
    } catch (const StepError& e) {
        // sql-quoted: a constant statement.
        PQclear(PQexec(m->conn, "ROLLBACK"));   // a lost connection rolls back on the server anyway
        throw IoError(m->display, "publish to schema \"" + m_schema + "\" failed (" + e.step + "): " + e.message +
                                      "; rolled back: the schema's previous tables are intact" +
                                      (e.message.find("lock timeout") != std::string::npos
                                           ? std::string(" (another session held a table of the schema open; retry when it is "
                                                         "done, or raise lock_timeout with PGOPTIONS=\"-c lock_timeout=10min\")")
                                           : std::string{}) +
                                      (e.message.find("depend") != std::string::npos
                                           ? std::string(" (a view depends on a published table: drop it, publish, then "
                                                         "create it again)")
                                           : std::string{}));
    } catch (...) {
        PQclear(PQexec(m->conn, "ROLLBACK"));   // sql-quoted: a constant statement.
        throw;
    }
    return result;
}

} // namespace tl::report
