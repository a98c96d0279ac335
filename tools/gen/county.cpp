// The synthetic county, built the way a planner's data actually looks:
//
//  * a street-block grid (road centre lines are the cell edges); each block is a zone (park
//    industry, town-centre commerce, housing, public land, village workshops or farmland);
//  * townships are Voronoi regions of blocks, so their boundaries follow road centre lines and
//    tile the county exactly; control lines are the park blocks; approval batches are clusters of
//    1-4 blocks including their roads;
//  * each block is cut into one or two rows of lots whose side lines are jittered into
//    quadrilaterals; neighbours share bit-identical vertices (T-junction vertices included), so
//    the parcel layer is a clean coverage and every gap or sliver in it is a planted one;
//  * blocks are generated and written one at a time from a per-block random stream, so the
//    province run streams to disk and a change in one block does not reshuffle the others.
//
// Defects are planted by ordinal (the n-th lot, supply or building) from a plan drawn up front,
// and recorded with the FID the feature actually received.
#include "county.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <deque>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <stdexcept>
#include <unordered_map>

#include <cpl_conv.h>
#include <cpl_vsi.h>

#include "core/date.hpp"
#include "geometry.hpp"
#include "names.hpp"
#include "rng.hpp"
#include "writer.hpp"

namespace tlgen {

namespace {
std::string building_use_of(const std::string& name, long long serial);   // 房屋用途 FWYT (below)

using tl::Date;

// The analyses' reference date for the sample data: every "1 year past the agreed start" is
// counted against it.
const Date kAsOf{2023, 12, 31};

Date add_days(const Date& d, long long n) { return Date::from_days_since_epoch(d.days_since_epoch() + n); }
long long days_between(const Date& a, const Date& b) { return b.days_since_epoch() - a.days_since_epoch(); }
Date random_day_in_year(Rng& rng, int year, int last_day_of_year = 365) {
    return add_days(Date{year, 1, 1}, rng.int_in(0, last_day_of_year - 1));
}

std::string fmt(const char* f, double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, f, v);
    return buf;
}
std::string pad(long long v, int width) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%0*lld", width, v);
    return buf;
}
double round2(double v) { return std::round(v * 100.0) / 100.0; }

std::string json_escape(const std::string& s) {
    std::string o;
    for (char c : s) {
        switch (c) {
        case '"': o += "\\\""; break;
        case '\\': o += "\\\\"; break;
        case '\n': o += "\\n"; break;
        default:
            if (static_cast<unsigned char>(c) < 0x20) { char b[8]; std::snprintf(b, sizeof b, "\\u%04x", c); o += b; }
            else o += c;
        }
    }
    return o;
}

// Smooth noise in [0,1] from a coarse random lattice with bilinear interpolation: arithmetic
// only, so it is bit-reproducible.
class ValueNoise {
public:
    ValueNoise(Rng& rng, int n) : n_(n), v_(static_cast<std::size_t>((n + 1) * (n + 1))) {
        for (auto& x : v_) x = rng.u01();
    }
    double at(double fx, double fy) const {
        fx = std::clamp(fx, 0.0, 1.0) * n_;
        fy = std::clamp(fy, 0.0, 1.0) * n_;
        int ix = std::min(static_cast<int>(fx), n_ - 1), iy = std::min(static_cast<int>(fy), n_ - 1);
        double tx = fx - ix, ty = fy - iy;
        auto g = [&](int x, int y) { return v_[static_cast<std::size_t>(y * (n_ + 1) + x)]; };
        double a = g(ix, iy) * (1 - tx) + g(ix + 1, iy) * tx;
        double b = g(ix, iy + 1) * (1 - tx) + g(ix + 1, iy + 1) * tx;
        return a * (1 - ty) + b * ty;
    }
private:
    int n_;
    std::vector<double> v_;
}; // class ValueNoise

enum class Zone : std::uint8_t { outside, empty, industrial, residential, commercial, publicz, village };
enum class Use : std::uint8_t { industrial, warehouse, residential, commercial, publicuse, collective_industry, leftover };
enum class Dev : std::uint8_t { unassigned, stock, built, idle, idle_gov, stalled, recent, recent_started };
enum class BatchSupply : std::uint8_t { full, partial, none };

struct Block {
    Zone zone = Zone::outside;
    bool in_control = false;   // inside an industrial control-line polygon
    std::int16_t twp = -1;
    std::int32_t park = -1;
    std::int32_t batch = -1;
}; // struct Block

struct Batch {
    std::string id, name, doc_no, kind;
    Date approved;
    BatchSupply supply = BatchSupply::none;
    std::vector<std::int64_t> cells;
    bool want_hole = false;
    Ring hole;  // the old parcel the batch excludes, filled while its block is streamed
    std::string hole_parcel_id;
}; // struct Batch

struct Park { double x, y, r; int twp; std::string name, kind; std::vector<std::int64_t> cells; };

struct Township {
    double x = 0, y = 0;
    std::string name, code, county_code, county_name;
    int local_index = 0;     // 地籍区 number inside its county (1-based)
    int blocks_seen = 0;     // for 地籍子区 numbering while streaming
    bool seat = false;
    std::vector<std::int64_t> cells;
}; // struct Township

struct Grid {
    int nx = 0, ny = 0;
    std::vector<double> xs, ys;      // road centre lines, nx+1 / ny+1
    std::vector<double> rwx, rwy;    // road widths on those lines
    double x_in0(int i) const { return mm(xs[static_cast<std::size_t>(i)] + rwx[static_cast<std::size_t>(i)] / 2); }
    double x_in1(int i) const { return mm(xs[static_cast<std::size_t>(i + 1)] - rwx[static_cast<std::size_t>(i + 1)] / 2); }
    double y_in0(int j) const { return mm(ys[static_cast<std::size_t>(j)] + rwy[static_cast<std::size_t>(j)] / 2); }
    double y_in1(int j) const { return mm(ys[static_cast<std::size_t>(j + 1)] - rwy[static_cast<std::size_t>(j + 1)] / 2); }
}; // struct Grid

// One entry of the defect manifest or of the scenario list.
struct Note { std::string layer; std::int64_t fid; std::string id, kind, detail; };

struct Building {
    Ring ring;
    std::optional<int> floors;
    std::optional<double> height_m, storey_height_m;
    std::string name;
    bool crosses = false;
}; // struct Building

struct Lot {
    int row = 0, index_in_row = 0;
    bool first_in_row = false, last_in_row = false;
    double yb = 0, yt = 0, lb = 0, lt = 0, rb = 0, rt = 0;
    Use use = Use::industrial;
    Dev dev = Dev::stock;
    bool vertical = false;     // its side edges must stay vertical (multipart cut)
    bool hole_lot = false;     // excluded from its batch (the batch's hole)
    std::string defect;        // planned parcel defect (internal name)
    std::string supply_scenario;
    // attributes
    std::string zddm, owner, dlbm, qlxz, qllx, uscc, hydm;
    int hydm_code = 0;
    std::optional<double> far_min, term_years;
    bool supplied = false, allocated = false;  // allocated = 划拨
    Date gyrq, yddgrq, ydjgrq, sjdgrq, tgrq;
    bool has_sjdgrq = false, has_tgrq = false, gov_delay = false;
    double price_per_mu = 0, invest_per_mu = 0, invested_share = 0;
    int built_year = 2000;
    double edge_shift = 0, strip_rb = 0, strip_rt = 0;  // gap / sliver defects
    std::vector<double> top_t, bottom_t;                 // T-junction x on the shared row line
}; // struct Lot

struct PlannedDefect { long long ordinal; std::string kind; };

class CountyGen {
public:
    explicit CountyGen(const GenConfig& cfg) : cfg_(cfg), wopts_{cfg.out_dir, cfg.gpkg} {}
    int run();

private:
    void log(const std::string& s) const { if (cfg_.verbose) std::cerr << "tenglong-gen: " << s << "\n"; }
    void build_grid();
    void build_townships_and_zones();
    void build_batches();
    void plan_defects();
    void open_writers();
    void stream_blocks();
    void gen_block(std::int64_t b);
    void write_lot(const Block& blk, Township& t, Lot& lot, const Lot* prev, const Lot* next, Rng& rng,
                   std::int64_t block_index, int subzone);
    std::int64_t write_parcel_row(const std::string& zddm, const std::string& owner, const std::string& dlbm, double zdmj,
                                  const std::string& township, bool collective, bool has_right, const std::string& uscc,
                                  std::optional<double> far_min, std::optional<double> term, const std::string& hydm,
                                  const MultiPoly* geom);
    std::vector<Building> place_buildings(const Lot& lot, Rng& rng) const;
    void write_supply(const Lot& lot, const Poly& clean, Rng& rng, std::int64_t block_index, const Lot* prev, const Lot* next);
    void write_enterprises(const Lot& lot, double area_m2, Rng& rng);
    void write_standard_land(const Lot& lot, std::int64_t fid, const std::string& gdbh, double invest_per_mu, std::vector<Value>& v);
    std::string next_zddm(Township& t, int subzone, bool collective);
    void write_approvals();
    void write_control_lines();
    void write_townships();
    void finish_shapefiles();
    void verify_readback();
    void write_manifest(const std::string& path, const std::vector<Note>& notes) const;
    void write_decisions() const;
    void write_revitalization() const;
    std::string county_code_of(int twp) const { return twps_[static_cast<std::size_t>(twp)].county_code; }
    std::string supply_date_text(const Date& d, const std::string& field, std::int64_t fid, const std::string& id);

    GenConfig cfg_;
    WriterOptions wopts_;
    Geos geos_;
    Grid grid_;
    std::vector<Block> blocks_;
    std::vector<Township> twps_;
    std::vector<Park> parks_;
    std::vector<Batch> batches_;
    std::unique_ptr<LayerWriter> parcels_, buildings_, supplies_;
    std::ofstream enterprises_;
    std::vector<Note> defects_, scenarios_;

    // defect planning (parcels by regular-lot ordinal; supplies and buildings by their ordinal)
    std::deque<PlannedDefect> planned_lots_;
    std::vector<PlannedDefect> pending_lots_;
    std::deque<PlannedDefect> planned_supplies_, planned_buildings_;
    long long lot_ordinal_ = 0;
    std::map<std::int64_t, std::string> bad_encoding_fids_;  // fid -> raw GBK bytes to patch
    std::map<std::int64_t, std::string> planted_invalid_;    // fid -> reason at generation time
    struct DupGroup { std::string code; std::vector<std::pair<std::int64_t, std::string>> members; int open = 0; };
    std::optional<DupGroup> open_dup_;
    std::string prev_zddm_;
    std::int64_t prev_fid_ = -1;
    std::string pending_supply_defect_;

    std::vector<int> subzone_counters_;   // per township * 1000 + subzone
    std::map<std::string, int> supply_seq_;  // per county code + year
    long long enterprise_serial_ = 0, building_serial_ = 0;
    std::string prev_gdbh_;
    long long standard_land_count_ = 0;   // 标准地 supplies written
    long long supply_ordinal_ = 0, building_ordinal_ = 0;
    long long n_enterprise_rows_ = 0;
}; // class CountyGen

// ---------------------------------------------------------------------------------------------
// Layout

void CountyGen::build_grid() {
    Rng rng(cfg_.seed, "grid");
    // Calibrated so that the parcel count lands near the target: about 6.7 lots per occupied
    // block, about 48 % of the blocks inside the county outline occupied, 80 % of the bounding
    // box inside the outline.
    const double blocks_in_box = static_cast<double>(cfg_.target_parcels) / (cfg_.lots_per_block_hint * 0.48 * 0.80);
    const int nx = std::max(8, static_cast<int>(std::sqrt(blocks_in_box * 1.25) + 0.5));
    const int ny = std::max(6, static_cast<int>(blocks_in_box / nx + 0.5));
    grid_.nx = nx;
    grid_.ny = ny;
    auto road = [&](int k) { return k % 4 == 0 ? 40.0 : (rng.chance(0.5) ? 24.0 : 20.0); };
    double width = 0, height = 0;
    std::vector<double> w(static_cast<std::size_t>(nx)), h(static_cast<std::size_t>(ny));
    for (auto& v : w) { v = std::round(rng.uniform(170, 300)); width += v; }
    for (auto& v : h) { v = std::round(rng.uniform(140, 240)); height += v; }
    // Centre the county near 120.0E / 29.8N: E 500 000, N 3 300 000 in EPSG:4549 (cfg centre_x/y;
    // a region's counties sit side by side).
    const double x0 = std::round(cfg_.centre_x - width / 2), y0 = std::round(cfg_.centre_y - height / 2);
    grid_.xs.push_back(x0);
    for (double v : w) grid_.xs.push_back(grid_.xs.back() + v);
    grid_.ys.push_back(y0);
    for (double v : h) grid_.ys.push_back(grid_.ys.back() + v);
    for (int i = 0; i <= nx; ++i) grid_.rwx.push_back(road(i));
    for (int j = 0; j <= ny; ++j) grid_.rwy.push_back(road(j));
    blocks_.assign(static_cast<std::size_t>(nx) * static_cast<std::size_t>(ny), Block{});
    log("grid " + std::to_string(nx) + " x " + std::to_string(ny) + " blocks, " +
        fmt("%.1f", width / 1000) + " x " + fmt("%.1f", height / 1000) + " km");
}

void CountyGen::build_townships_and_zones() {
    Rng rng(cfg_.seed, "zones");
    ValueNoise outline(rng, 6), texture(rng, 14);
    const double X0 = grid_.xs.front(), X1 = grid_.xs.back(), Y0 = grid_.ys.front(), Y1 = grid_.ys.back();
    const int tx = cfg_.townships_x, ty = cfg_.townships_y;
    const int per_county = cfg_.mode == "province" ? 30 : tx * ty;
    static const char* kCn[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"};
    for (int j = 0; j < ty; ++j) {
        for (int i = 0; i < tx; ++i) {
            Township t;
            const int idx = static_cast<int>(twps_.size());
            const double fx = 0.12 + 0.76 * (i + 0.5 + rng.uniform(-0.3, 0.3)) / tx;
            const double fy = 0.12 + 0.76 * (j + 0.5 + rng.uniform(-0.3, 0.3)) / ty;
            t.x = X0 + fx * (X1 - X0);
            t.y = Y0 + fy * (Y1 - Y0);
            const int county_no = idx / per_county;
            t.local_index = idx % per_county + 1;
            if (cfg_.mode == "province") {
                t.county_code = "3390" + pad(county_no + 1, 2);
                t.county_name = std::string("模拟") + kCn[county_no % 10] + (county_no >= 10 ? std::to_string(county_no) : "") + "县";
            } else {
                t.county_code = cfg_.county_code;
                t.county_name = cfg_.county_name;
            }
            t.name = township_name(cfg_.mode == "province" ? idx : t.local_index - 1);
            t.code = t.county_code + pad(t.local_index, 3);
            twps_.push_back(t);
        }
    }
    // The county seat (城关街道) is the township nearest the centre.
    {
        std::size_t best = 0;
        double bd = 1e300;
        for (std::size_t k = 0; k < std::min<std::size_t>(twps_.size(), static_cast<std::size_t>(per_county)); ++k) {
            const double dx = twps_[k].x - (X0 + X1) / 2, dy = twps_[k].y - (Y0 + Y1) / 2;
            if (dx * dx + dy * dy < bd) { bd = dx * dx + dy * dy; best = k; }
        }
        std::swap(twps_[best].name, twps_[0].name);  // name 0 is 城关街道
        twps_[best].seat = true;
    }
    const double spacing = std::sqrt((X1 - X0) * (Y1 - Y0) * 0.8 / static_cast<double>(twps_.size()));
    for (std::size_t k = 0; k < twps_.size(); ++k) {
        const int n_parks = rng.chance(0.6) ? 2 : 1;
        for (int p = 0; p < n_parks; ++p) {
            double dx, dy, d2;
            do { dx = rng.uniform(-1, 1); dy = rng.uniform(-1, 1); d2 = dx * dx + dy * dy; } while (d2 > 1 || d2 < 0.05);
            const double len = std::sqrt(d2), dist = rng.uniform(0.28, 0.45) * spacing;
            Park park{twps_[k].x + dx / len * dist, twps_[k].y + dy / len * dist,
                      rng.uniform(0.17, 0.26) * spacing, static_cast<int>(k), "", "", {}};
            std::string base = twps_[k].name;
            for (const char* suf : {"街道", "镇", "乡"}) {
                const std::size_t pos = base.rfind(suf);
                if (pos != std::string::npos && pos + std::strlen(suf) == base.size()) { base.erase(pos); break; }
            }
            if (twps_[k].seat && p == 0) park.name = twps_[k].county_name + "经济开发区";
            else park.name = base + (p == 0 ? "工业功能区" : "小微企业园");
            park.kind = (twps_[k].seat || p == 0) ? "一级控制线" : "二级控制线";
            parks_.push_back(park);
        }
    }
    const int nx = grid_.nx, ny = grid_.ny;
    for (int j = 0; j < ny; ++j) {
        for (int i = 0; i < nx; ++i) {
            Block& b = blocks_[static_cast<std::size_t>(j) * static_cast<std::size_t>(nx) + static_cast<std::size_t>(i)];
            const double cx = (grid_.xs[static_cast<std::size_t>(i)] + grid_.xs[static_cast<std::size_t>(i + 1)]) / 2;
            const double cy = (grid_.ys[static_cast<std::size_t>(j)] + grid_.ys[static_cast<std::size_t>(j + 1)]) / 2;
            const double fx = (cx - X0) / (X1 - X0), fy = (cy - Y0) / (Y1 - Y0);
            const double ex = (fx - 0.5) / 0.5, ey = (fy - 0.5) / 0.5;
            const double lim = 0.82 + 0.3 * outline.at(fx, fy);
            if (ex * ex + ey * ey > lim * lim) continue;  // outside the county
            double bd = 1e300;
            for (std::size_t k = 0; k < twps_.size(); ++k) {
                const double dx = twps_[k].x - cx, dy = twps_[k].y - cy;
                if (dx * dx + dy * dy < bd) { bd = dx * dx + dy * dy; b.twp = static_cast<std::int16_t>(k); }
            }
            const Township& t = twps_[static_cast<std::size_t>(b.twp)];
            const double noise = 0.5 * (texture.at(fx, fy) - 0.5);
            const double rc = (t.seat ? 0.42 : 0.30) * spacing;
            const double dc = std::sqrt(bd) / rc + noise;
            double dp = 1e300;
            int park = -1;
            for (std::size_t p = 0; p < parks_.size(); ++p) {
                const double dx = parks_[p].x - cx, dy = parks_[p].y - cy;
                const double d = std::sqrt(dx * dx + dy * dy) / parks_[p].r;
                if (d < dp) { dp = d; park = static_cast<int>(p); }
            }
            dp += noise;
            Rng brng(cfg_.seed, "zone", static_cast<std::uint64_t>(j) * static_cast<std::uint64_t>(nx) + static_cast<std::uint64_t>(i));
            if (dp < 1.0) { b.zone = Zone::industrial; b.park = park; }
            else if (dc < 0.38) b.zone = brng.chance(0.65) ? Zone::commercial : Zone::residential;
            else if (dc < 1.0) b.zone = brng.chance(0.85) ? Zone::residential : Zone::publicz;
            else if (brng.chance(0.015)) b.zone = Zone::industrial;  // scattered plant, no park
            else if (brng.chance(0.02)) b.zone = Zone::village;
            else b.zone = Zone::empty;
        }
    }
    for (std::size_t k = 0; k < blocks_.size(); ++k) {
        const Block& b = blocks_[k];
        if (b.zone == Zone::outside) continue;
        twps_[static_cast<std::size_t>(b.twp)].cells.push_back(static_cast<std::int64_t>(k));
        if (b.park >= 0) {
            // Most park blocks lie inside the control line; a few edge blocks were left out.
            Rng crng(cfg_.seed, "control", static_cast<std::uint64_t>(k));
            blocks_[k].in_control = !crng.chance(0.05);
            if (blocks_[k].in_control) parks_[static_cast<std::size_t>(b.park)].cells.push_back(static_cast<std::int64_t>(k));
        }
    }
    subzone_counters_.assign(twps_.size() * 1000, 0);
}

void CountyGen::build_batches() {
    Rng rng(cfg_.seed, "batches");
    const int nx = grid_.nx, ny = grid_.ny;
    auto at = [&](int i, int j) -> Block* {
        if (i < 0 || j < 0 || i >= nx || j >= ny) return nullptr;
        return &blocks_[static_cast<std::size_t>(j) * static_cast<std::size_t>(nx) + static_cast<std::size_t>(i)];
    };
    std::map<std::string, int> seq_per_county_year;
    int multipart_quota = cfg_.defect_scale, hole_quota = cfg_.defect_scale;
    for (int j = 0; j < ny; ++j) {
        for (int i = 0; i < nx; ++i) {
            Block* b = at(i, j);
            if (b->zone == Zone::outside || b->batch >= 0) continue;
            double p = 0;
            switch (b->zone) {
            case Zone::industrial: p = b->park >= 0 ? 0.26 : 0.1; break;
            case Zone::residential: p = 0.15; break;
            case Zone::commercial: p = 0.12; break;
            case Zone::publicz: p = 0.12; break;
            case Zone::empty: p = 0.008; break;
            default: p = 0;
            }
            p *= cfg_.batch_density;
            if (!rng.chance(p)) continue;
            Batch batch;
            const int id = static_cast<int>(batches_.size());
            batch.cells.push_back(static_cast<std::int64_t>(j) * nx + i);
            b->batch = id;
            const int want = 1 + static_cast<int>(rng.weighted({0.2, 0.3, 0.3, 0.2}));
            int ci = i, cj = j;
            while (static_cast<int>(batch.cells.size()) < want) {
                Block* r = at(ci + 1, cj);
                Block* u = at(ci, cj + 1);
                const bool r_ok = r && r->batch < 0 && (r->zone == b->zone || r->zone == Zone::empty);
                const bool u_ok = u && u->batch < 0 && (u->zone == b->zone || u->zone == Zone::empty);
                if (r_ok && (!u_ok || rng.chance(0.6))) { ++ci; r->batch = id; }
                else if (u_ok) { ++cj; u->batch = id; }
                else break;
                batch.cells.push_back(static_cast<std::int64_t>(cj) * nx + ci);
            }
            // A batch in two pieces (the same 批文 approved two separate sites).
            if (batch.cells.size() == 1 && multipart_quota > 0 && b->zone == Zone::industrial && rng.chance(0.3)) {
                Block* far = at(i + 2, j);
                Block* mid = at(i + 1, j);
                if (far && mid && far->batch < 0 && far->zone != Zone::outside && mid->batch < 0) {
                    far->batch = id;
                    batch.cells.push_back(static_cast<std::int64_t>(j) * nx + i + 2);
                    --multipart_quota;
                }
            }
            const int year = static_cast<int>(rng.int_in(2008, 2023));
            batch.approved = random_day_in_year(rng, year, year == 2023 ? 330 : 365);
            const double r = rng.u01();
            if (year >= 2022) batch.supply = r < 0.4 ? BatchSupply::none : (r < 0.9 ? BatchSupply::partial : BatchSupply::full);
            else batch.supply = r < 0.55 ? BatchSupply::full : (r < 0.88 ? BatchSupply::partial : BatchSupply::none);
            if (b->zone == Zone::empty) batch.supply = BatchSupply::none;
            if (batch.cells.size() == 1 && hole_quota > 0 && b->zone == Zone::industrial && batch.supply != BatchSupply::none &&
                year < 2020 && rng.chance(0.3)) {
                batch.want_hole = true;
                --hole_quota;
            }
            const bool standalone = b->zone == Zone::publicz ? rng.chance(0.5) : rng.chance(0.06);
            batch.kind = standalone ? "单独选址" : "城市批次";
            const Township& t = twps_[static_cast<std::size_t>(b->twp)];
            const int seq = ++seq_per_county_year[t.county_code + std::to_string(year)];
            batch.id = "PC" + t.county_code + "-" + std::to_string(year) + "-" + pad(seq, 3);
            if (standalone) {
                static const std::vector<std::string> projects = {"公路改建工程", "污水处理厂工程", "110千伏变电站工程",
                    "中学迁建工程", "综合客运枢纽工程", "垃圾中转站工程", "防洪排涝工程", "消防站工程"};
                batch.name = t.county_name + t.name + rng.pick(projects);
                batch.doc_no = "浙政土字〔" + std::to_string(year) + "〕" + std::to_string(rng.int_in(10, 320)) + "号";
            } else {
                batch.name = t.county_name + std::to_string(year) + "年度第" + std::to_string(seq) + "批次城市建设用地";
                batch.doc_no = "浙土字A〔" + std::to_string(year) + "〕-" + pad(rng.int_in(1, 2400), 4) + "号";
            }
            batches_.push_back(std::move(batch));
        }
    }
    log(std::to_string(batches_.size()) + " approval batches");
}

// ---------------------------------------------------------------------------------------------
// Defects

struct DefectQuota { const char* kind; int count; };
// Parcel defects per demo (scale 1); internal names map to the manifest kinds.
const DefectQuota kLotDefects[] = {
    {"bowtie", 2}, {"ring_self", 1}, {"hole_outside", 1}, {"nested", 1}, {"empty", 3},
    {"dup2", 2}, {"dup3", 1}, {"gap", 3}, {"sliver_strip", 2}, {"tiny", 2}, {"multipart", 2},
    {"hole", 2}, {"bad_encoding", 2}};
const DefectQuota kSupplyDefects[] = {
    {"bad:YDDGRQ:2019-02-30", 1}, {"bad:GYRQ:不详", 1}, {"bad:SJDGRQ:2019.13.01", 1}, {"bad:YDJGRQ:abc", 1},
    {"odd:YDDGRQ:slash", 1}, {"odd:GYRQ:compact", 1}, {"odd:YDDGRQ:chinese", 1}, {"odd:SJDGRQ:excel", 1},
    {"odd:YDJGRQ:slash", 1}, {"null:GYRQ", 1}, {"null:YDDGRQ", 2}, {"dup_gdbh", 1}, {"empty", 1}};
const DefectQuota kBuildingDefects[] = {{"missing_both", 3}, {"empty", 1}};

void CountyGen::plan_defects() {
    Rng rng(cfg_.seed, "defects");
    auto plan = [&](const DefectQuota* begin, const DefectQuota* end, long long lo, long long hi, std::deque<PlannedDefect>& out) {
        std::vector<PlannedDefect> v;
        for (int s = 0; s < cfg_.defect_scale; ++s) {
            const long long slice = (hi - lo) / cfg_.defect_scale;
            for (auto* q = begin; q != end; ++q)
                for (int c = 0; c < q->count; ++c)
                    v.push_back({lo + s * slice + rng.int_in(0, slice - 1), q->kind});
        }
        std::stable_sort(v.begin(), v.end(), [](const PlannedDefect& a, const PlannedDefect& b) { return a.ordinal < b.ordinal; });
        out.assign(v.begin(), v.end());
    };
    const long long n = cfg_.target_parcels;
    plan(std::begin(kLotDefects), std::end(kLotDefects), 40, n * 8 / 10, planned_lots_);
    plan(std::begin(kSupplyDefects), std::end(kSupplyDefects), 20, n * 18 / 100, planned_supplies_);
    plan(std::begin(kBuildingDefects), std::end(kBuildingDefects), 20, n, planned_buildings_);
}

// ---------------------------------------------------------------------------------------------
// Streaming

void CountyGen::open_writers() {
    parcels_ = std::make_unique<LayerWriter>(wopts_, "parcels", true, std::vector<FieldSpec>{
        {"ZDDM", FieldKind::text, 19, 0}, {"QLRMC", FieldKind::text, 60, 0}, {"DLBM", FieldKind::text, 6, 0},
        {"ZDMJ", FieldKind::real, 16, 2}, {"XZMC", FieldKind::text, 20, 0}, {"QLXZ", FieldKind::text, 4, 0},
        {"QLLX", FieldKind::text, 30, 0}, {"TYSHXYDM", FieldKind::text, 18, 0}, {"RJLXX", FieldKind::real, 6, 2},
        {"SYNX", FieldKind::real, 5, 1}, {"HYDM", FieldKind::text, 4, 0}}, DbfEncoding::gbk);
    buildings_ = std::make_unique<LayerWriter>(wopts_, "buildings", true, std::vector<FieldSpec>{
        {"JZWBH", FieldKind::text, 24, 0}, {"CS", FieldKind::integer, 4, 0}, {"JZGD", FieldKind::real, 8, 2},
        {"CG", FieldKind::real, 6, 2}, {"JZMJ", FieldKind::real, 14, 2}, {"ZDDM", FieldKind::text, 19, 0},
        {"JZWMC", FieldKind::text, 20, 0}, {"FWYT", FieldKind::text, 16, 0}}, DbfEncoding::gbk);
    supplies_ = std::make_unique<LayerWriter>(wopts_, "supplies", true, std::vector<FieldSpec>{
        {"GDBH", FieldKind::text, 20, 0}, {"ZDDM", FieldKind::text, 19, 0}, {"GYFS", FieldKind::text, 8, 0},
        {"GYRQ", FieldKind::text, 16, 0}, {"YDDGRQ", FieldKind::text, 16, 0}, {"YDJGRQ", FieldKind::text, 16, 0},
        {"SJDGRQ", FieldKind::text, 16, 0}, {"CRJK", FieldKind::real, 14, 2}, {"JHTZ", FieldKind::real, 14, 2},
        {"YWCTZ", FieldKind::real, 14, 2}, {"RJLXX", FieldKind::real, 6, 2}, {"TGRQ", FieldKind::text, 16, 0},
        {"ZFYY", FieldKind::text, 4, 0},
        // 标准地 (R18): flag, contract indicators, acceptance and review dates
        {"BZD", FieldKind::text, 4, 0}, {"TZQD", FieldKind::real, 10, 2}, {"MJSS", FieldKind::real, 12, 2},
        {"NHZJZ", FieldKind::real, 8, 2}, {"DWNH", FieldKind::real, 8, 3}, {"PFZJZ", FieldKind::real, 10, 1},
        {"RDZB", FieldKind::real, 6, 2}, {"YSRQ", FieldKind::text, 16, 0}, {"FHRQ", FieldKind::text, 16, 0}}, DbfEncoding::utf8);
    enterprises_.open(cfg_.out_dir + "/enterprises.csv", std::ios::binary);
    enterprises_ << "\xEF\xBB\xBF" << "TYSHXYDM,ZDDM,QYMC,ND,SS,ZJZ,NH,PFL,CYRS,YFJF,YYSR,GSBZ,YDMJ,GDTZ,YDL\r\n";
}

std::string CountyGen::next_zddm(Township& t, int subzone, bool collective) {
    const std::size_t twp_index = static_cast<std::size_t>(&t - twps_.data());
    int& c = subzone_counters_[twp_index * 1000 + static_cast<std::size_t>(subzone)];
    ++c;
    return t.county_code + pad(t.local_index, 3) + pad(subzone, 3) + (collective ? "JB" : "GB") + pad(c, 5);
}

void CountyGen::stream_blocks() {
    const auto t0 = std::chrono::steady_clock::now();
    const std::int64_t n = static_cast<std::int64_t>(blocks_.size());
    for (std::int64_t b = 0; b < n; ++b) {
        gen_block(b);
        if (cfg_.verbose && (b + 1) % 20000 == 0) {
            const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
            log(std::to_string(b + 1) + "/" + std::to_string(n) + " blocks, " + std::to_string(parcels_->count()) +
                " parcels, " + fmt("%.0f s", s));
        }
    }
}

void CountyGen::gen_block(std::int64_t b) {
    Block& blk = blocks_[static_cast<std::size_t>(b)];
    if (blk.zone == Zone::outside || blk.zone == Zone::empty) return;
    Rng rng(cfg_.seed, "block", static_cast<std::uint64_t>(b));
    Batch* batch = blk.batch >= 0 ? &batches_[static_cast<std::size_t>(blk.batch)] : nullptr;
    // A batch approved but never supplied often has no cadastral parcels at all yet.
    if (batch && batch->supply == BatchSupply::none && rng.chance(0.4)) return;
    Township& t = twps_[static_cast<std::size_t>(blk.twp)];
    const int subzone = std::min(999, t.blocks_seen / 6 + 1);
    ++t.blocks_seen;
    const int i = static_cast<int>(b % grid_.nx), j = static_cast<int>(b / grid_.nx);
    const double x0 = grid_.x_in0(i), x1 = grid_.x_in1(i), y0 = grid_.y_in0(j), y1 = grid_.y_in1(j);

    double min_depth = 55, wlo = 35, whi = 140;
    switch (blk.zone) {
    case Zone::residential: min_depth = 70; wlo = 60; whi = 150; break;
    case Zone::commercial: min_depth = 35; wlo = 25; whi = 60; break;
    case Zone::publicz: min_depth = 60; wlo = 60; whi = 140; break;
    case Zone::village: min_depth = 35; wlo = 18; whi = 45; break;
    default: break;
    }
    std::vector<double> row_y = {y0};
    if (y1 - y0 >= 2 * min_depth) row_y.push_back(mm(y0 + (y1 - y0) * rng.uniform(0.42, 0.58)));
    row_y.push_back(y1);

    std::vector<Lot> lots;
    for (std::size_t r = 0; r + 1 < row_y.size(); ++r) {
        std::vector<std::pair<double, bool>> splits;  // right x, leftover
        double cur = x0;
        while (x1 - cur > 1e-6) {
            bool leftover = false;
            double w;
            if (blk.zone == Zone::industrial) {
                const std::size_t k = rng.weighted({0.04, 0.15, 0.51, 0.30});
                if (k == 0) { w = rng.uniform(8, 20); leftover = true; }
                else if (k == 1) w = rng.uniform(20, 35);
                else if (k == 2) w = rng.uniform(35, 80);
                else w = rng.uniform(80, 160);
            } else {
                w = rng.uniform(wlo, whi);
            }
            if (x1 - (cur + w) < std::max(wlo * 0.6, 15.0)) { w = x1 - cur; leftover = leftover && w < 25; }
            cur = (x1 - (cur + w) < 1e-6) ? x1 : mm(cur + w);
            splits.push_back({cur, leftover});
        }
        double left = x0;
        for (std::size_t k = 0; k < splits.size(); ++k) {
            Lot lot;
            lot.row = static_cast<int>(r);
            lot.index_in_row = static_cast<int>(k);
            lot.first_in_row = k == 0;
            lot.last_in_row = k + 1 == splits.size();
            lot.yb = row_y[r];
            lot.yt = row_y[r + 1];
            lot.lb = lot.lt = left;
            lot.rb = lot.rt = splits[k].first;
            lot.use = splits[k].second ? Use::leftover : Use::industrial;
            left = splits[k].first;
            lots.push_back(lot);
        }
    }

    // Land use and development state of each lot.
    const bool hole_wanted = batch && batch->want_hole && batch->hole.empty();
    int hole_lot_index = -1;
    if (hole_wanted) {
        for (std::size_t k = 0; k < lots.size(); ++k)
            if (lots[k].row == 0 && !lots[k].first_in_row && !lots[k].last_in_row && lots[k].use != Use::leftover) { hole_lot_index = static_cast<int>(k); break; }
    }
    int n_supplied = 0;
    for (std::size_t k = 0; k < lots.size(); ++k) {
        Lot& lot = lots[k];
        if (lot.use != Use::leftover) {
            switch (blk.zone) {
            case Zone::industrial: lot.use = rng.chance(0.07) ? Use::warehouse : Use::industrial; break;
            case Zone::residential: lot.use = rng.chance(0.12) ? Use::commercial : Use::residential; break;
            case Zone::commercial: lot.use = rng.chance(0.2) ? Use::residential : Use::commercial; break;
            case Zone::publicz: lot.use = rng.chance(0.2) ? Use::residential : Use::publicuse; break;
            case Zone::village: lot.use = Use::collective_industry; break;
            default: break;
            }
        }
        const bool in_batch = batch && static_cast<int>(k) != hole_lot_index;
        lot.hole_lot = static_cast<int>(k) == hole_lot_index;
        if (lot.use == Use::leftover) { lot.dev = Dev::unassigned; continue; }
        if (!in_batch) {
            lot.dev = rng.chance(0.03) && lot.use != Use::collective_industry ? Dev::unassigned : Dev::stock;
            lot.built_year = static_cast<int>(rng.int_in(1990, 2007));
            if (lot.dev == Dev::stock && lot.use != Use::collective_industry && rng.chance(0.12)) {
                lot.supplied = true;
                lot.gyrq = random_day_in_year(rng, static_cast<int>(rng.int_in(1996, 2007)));
            }
        } else {
            bool supply = false;
            if (batch->supply == BatchSupply::full) supply = true;
            else if (batch->supply == BatchSupply::partial) supply = rng.chance(0.5) || (k + 1 == lots.size() && n_supplied == 0);
            const long long room = days_between(batch->approved, kAsOf);
            if (room < 40) supply = false;
            if (!supply) { lot.dev = Dev::unassigned; continue; }
            ++n_supplied;
            lot.supplied = true;
            lot.dev = Dev::built;  // refined below from the dates
            lot.gyrq = add_days(batch->approved, rng.int_in(30, std::min<long long>(room - 5, 365 * 5)));
        }
        if (!lot.supplied) continue;
        lot.allocated = lot.use == Use::publicuse;
        lot.yddgrq = add_days(lot.gyrq, rng.int_in(90, 365));
        lot.ydjgrq = add_days(lot.yddgrq, rng.int_in(540, 1095));
        if (lot.dev == Dev::stock) {
            lot.has_sjdgrq = true;
            lot.sjdgrq = add_days(lot.yddgrq, rng.int_in(-30, 200));
            lot.built_year = lot.sjdgrq.year;
            continue;
        }
        if (lot.yddgrq > kAsOf) {
            lot.dev = rng.chance(0.2) ? Dev::recent_started : Dev::recent;
        } else {
            const std::size_t s = rng.weighted({0.78, 0.12, 0.02, 0.06, 0.02});
            lot.dev = s == 0 ? Dev::built : s == 1 ? Dev::idle : s == 2 ? Dev::idle_gov : s == 3 ? Dev::stalled : Dev::recent_started;
            if (lot.allocated && (lot.dev == Dev::idle || lot.dev == Dev::stalled)) lot.dev = Dev::built;
        }
        // Too recent to have started and stopped again before the reference date.
        if (lot.dev == Dev::stalled && days_between(lot.yddgrq, kAsOf) < 150) lot.dev = Dev::recent_started;
        switch (lot.dev) {
        case Dev::built:
            lot.has_sjdgrq = true;
            lot.sjdgrq = add_days(lot.yddgrq, rng.int_in(-30, 240));
            if (lot.sjdgrq > kAsOf) lot.sjdgrq = add_days(kAsOf, -rng.int_in(5, 60));
            lot.built_year = lot.sjdgrq.year;
            lot.invested_share = rng.uniform(0.7, 1.2);
            break;
        case Dev::recent_started:
            lot.has_sjdgrq = true;
            lot.sjdgrq = add_days(lot.gyrq, rng.int_in(20, std::max<long long>(21, std::min<long long>(400, days_between(lot.gyrq, kAsOf) - 1))));
            if (lot.sjdgrq > kAsOf) lot.sjdgrq = add_days(kAsOf, -3);
            lot.invested_share = rng.uniform(0.05, 0.4);
            break;
        case Dev::stalled:
            lot.has_sjdgrq = true;
            lot.sjdgrq = add_days(lot.yddgrq, rng.int_in(0, 120));
            lot.has_tgrq = true;
            lot.tgrq = add_days(lot.sjdgrq, rng.int_in(60, 400));
            if (days_between(lot.tgrq, kAsOf) < 30) lot.tgrq = add_days(kAsOf, -rng.int_in(30, 200));
            if (lot.tgrq < lot.sjdgrq) lot.tgrq = lot.sjdgrq;
            lot.invested_share = rng.uniform(0.04, 0.24);
            break;
        case Dev::idle_gov:
            lot.gov_delay = true;
            lot.invested_share = 0;
            break;
        default:
            lot.invested_share = lot.dev == Dev::idle ? rng.skewed(0, 0.1, 2) : 0;
        }
    }

    // Attach planned parcel defects to lots that can carry them.
    for (auto& lot : lots) {
        while (!planned_lots_.empty() && planned_lots_.front().ordinal <= lot_ordinal_) {
            pending_lots_.push_back(planned_lots_.front());
            planned_lots_.pop_front();
        }
        ++lot_ordinal_;
        if (lot.hole_lot) continue;
        const double width = std::min(lot.rb, lot.rt) - std::max(lot.lb, lot.lt), depth = lot.yt - lot.yb;
        for (auto it = pending_lots_.begin(); it != pending_lots_.end(); ++it) {
            const std::string& k = it->kind;
            bool ok = true;
            if (k == "gap" || k == "sliver_strip") ok = !lot.last_in_row && width > 15;
            else if (k == "tiny") ok = lot.first_in_row && lot.row == 0 && width > 10;
            else if (k == "multipart") ok = width >= 30 && depth >= 50 && lot.use != Use::leftover;
            else if (k == "hole") ok = width >= 40 && depth >= 50 && lot.use != Use::leftover;
            else if (k == "bad_encoding") ok = lot.dev != Dev::unassigned && lot.use == Use::industrial;
            else if (k == "dup2" || k == "dup3") ok = !prev_zddm_.empty() && !open_dup_;
            if (!ok) continue;
            lot.defect = k;
            if (k == "multipart") lot.vertical = true;
            pending_lots_.erase(it);
            break;
        }
    }
    // Jitter the inner lot lines into quadrilaterals; shared lines move for both neighbours.
    for (std::size_t k = 0; k + 1 < lots.size(); ++k) {
        Lot& a = lots[k];
        Lot& c = lots[k + 1];
        if (a.row != c.row || a.vertical || c.vertical) continue;
        const double lim = std::min({3.0, (a.rb - a.lb) / 4, (c.rb - c.lb) / 4});
        const double jb = mm(a.rb + rng.uniform(-lim, lim)), jt = mm(a.rt + rng.uniform(-lim, lim));
        a.rb = c.lb = jb;
        a.rt = c.lt = jt;
    }
    // Defects that move a lot line: a gap of a few centimetres, or a thin strip left between.
    for (auto& lot : lots) {
        if (lot.defect == "gap") lot.edge_shift = mm(rng.uniform(0.02, 0.08));
        else if (lot.defect == "sliver_strip") lot.edge_shift = mm(rng.uniform(0.12, 0.3));
        if (lot.edge_shift > 0) {
            lot.strip_rb = lot.rb;
            lot.strip_rt = lot.rt;
            lot.rb = mm(lot.rb - lot.edge_shift);
            lot.rt = mm(lot.rt - lot.edge_shift);
        }
    }
    // Where the two rows meet, each lot carries the other row's corners (a noded coverage).
    std::vector<double> row0_top, row1_bottom;
    for (const auto& lot : lots) {
        if (lot.row == 0) { row0_top.push_back(lot.lt); row0_top.push_back(lot.rt); }
        else { row1_bottom.push_back(lot.lb); row1_bottom.push_back(lot.rb); }
    }
    const bool two_rows = row_y.size() == 3;
    for (auto& lot : lots) {
        if (!two_rows) continue;
        if (lot.row == 0) {
            for (double x : row1_bottom) if (x > lot.lt + 1e-9 && x < lot.rt - 1e-9) lot.top_t.push_back(x);
            std::sort(lot.top_t.begin(), lot.top_t.end());
            lot.top_t.erase(std::unique(lot.top_t.begin(), lot.top_t.end()), lot.top_t.end());
        } else {
            for (double x : row0_top) if (x > lot.lb + 1e-9 && x < lot.rb - 1e-9) lot.bottom_t.push_back(x);
            std::sort(lot.bottom_t.begin(), lot.bottom_t.end(), std::greater<double>());
            lot.bottom_t.erase(std::unique(lot.bottom_t.begin(), lot.bottom_t.end()), lot.bottom_t.end());
        }
    }
    for (auto& lot : lots) lot.zddm = next_zddm(t, subzone, lot.use == Use::collective_industry);
    for (std::size_t k = 0; k < lots.size(); ++k) {
        Lot* prev = k > 0 && lots[k - 1].row == lots[k].row ? &lots[k - 1] : nullptr;
        Lot* next = k + 1 < lots.size() && lots[k + 1].row == lots[k].row ? &lots[k + 1] : nullptr;
        write_lot(blk, t, lots[k], prev, next, rng, b, subzone);
    }
}

// ---------------------------------------------------------------------------------------------
// Parcels

Ring quad_ring(double lb, double lt, double rb, double rt, double yb, double yt,
               const std::vector<double>& top_t, const std::vector<double>& bottom_t) {
    Ring r;
    r.push_back({lb, yb});
    r.push_back({lt, yt});
    for (double x : top_t) r.push_back({x, yt});
    r.push_back({rt, yt});
    r.push_back({rb, yb});
    for (double x : bottom_t) r.push_back({x, yb});
    return r;
}

Ring reversed(const Ring& r) { return Ring(r.rbegin(), r.rend()); }

std::int64_t CountyGen::write_parcel_row(const std::string& zddm, const std::string& owner, const std::string& dlbm,
                                         double zdmj, const std::string& township, bool collective, bool has_right,
                                         const std::string& uscc, std::optional<double> far_min,
                                         std::optional<double> term, const std::string& hydm, const MultiPoly* geom) {
    std::vector<Value> v;
    v.emplace_back(zddm);
    v.emplace_back(owner);
    v.emplace_back(dlbm);
    v.emplace_back(round2(zdmj));
    v.emplace_back(township);
    v.emplace_back(std::string(collective ? "集体" : "国有"));
    v.emplace_back(std::string(has_right ? (collective ? "集体建设用地使用权" : "国有建设用地使用权") : ""));
    v.emplace_back(uscc);
    v.push_back(far_min ? Value(*far_min) : Value());
    v.push_back(term ? Value(*term) : Value());
    v.emplace_back(hydm);
    return parcels_->write(v, geom ? to_ogr(*geom) : nullptr);
}

void CountyGen::write_lot(const Block& blk, Township& t, Lot& lot, const Lot* prev, const Lot* next, Rng& rng,
                          std::int64_t block_index, int subzone) {
    const bool collective = lot.use == Use::collective_industry;
    const Poly clean{quad_ring(lot.lb, lot.lt, lot.rb, lot.rt, lot.yb, lot.yt, lot.top_t, lot.bottom_t), {}};
    const double area = poly_area(clean);

    // Attributes by land use and state.
    std::string dlbm, hydm;
    switch (lot.use) {
    case Use::industrial:
    case Use::collective_industry:
        dlbm = (lot.supplied && lot.gyrq.year >= 2021 && rng.chance(0.5)) ? (rng.chance(0.7) ? "100101" : "100102") : "0601";
        lot.hydm_code = industry_codes()[rng.weighted(industry_weights())];
        break;
    case Use::warehouse: dlbm = lot.supplied && lot.gyrq.year >= 2021 ? "1101" : "0604"; lot.hydm_code = 59; break;
    case Use::residential: dlbm = "0701"; break;
    case Use::commercial: dlbm = rng.pick(std::vector<std::string>{"0501", "0502", "0503", "0504", "0505", "0507"}); break;
    case Use::publicuse: dlbm = rng.pick(std::vector<std::string>{"08H1", "08H2", "08H2", "0809"}); break;
    case Use::leftover: dlbm = rng.chance(0.5) ? "0601" : "1201"; break;
    }
    const bool has_owner = lot.dev != Dev::unassigned;
    if (has_owner && (lot.use == Use::industrial || lot.use == Use::collective_industry) && lot.hydm_code > 0) hydm = pad(lot.hydm_code, 2);
    if (has_owner) {
        switch (lot.use) {
        case Use::industrial:
        case Use::warehouse:
            lot.owner = enterprise_name(rng, t.county_name, lot.use == Use::warehouse ? 59 : lot.hydm_code);
            if (lot.use == Use::warehouse) {
                const std::size_t p = lot.owner.rfind("实业");
                if (p != std::string::npos) lot.owner.replace(p, std::strlen("实业"), "仓储物流");
            }
            lot.uscc = social_credit_code(t.county_code, ++enterprise_serial_);
            break;
        case Use::residential: lot.owner = developer_name(rng, t.county_name); lot.uscc = social_credit_code(t.county_code, ++enterprise_serial_); break;
        case Use::commercial: lot.owner = commerce_name(rng, t.county_name); lot.uscc = social_credit_code(t.county_code, ++enterprise_serial_); break;
        case Use::publicuse: lot.owner = institution_name(rng, t.county_name, t.name); break;
        case Use::collective_industry: lot.owner = village_collective_name(rng, t.name); break;
        case Use::leftover: break;
        }
    }
    if (has_owner && lot.supplied) {
        const int y = lot.gyrq.year;
        if (lot.use == Use::industrial || lot.use == Use::warehouse) {
            if (y >= 2013) lot.far_min = rng.pick(std::vector<double>{1.0, 1.2, 1.2, 1.5, 1.5, 1.6, 1.8, 2.0});
            else if (rng.chance(0.5)) lot.far_min = rng.chance(0.5) ? 0.8 : 1.0;
        } else if (lot.use == Use::residential) lot.far_min = rng.pick(std::vector<double>{1.8, 2.0, 2.2, 2.5, 2.8});
        else if (lot.use == Use::commercial) lot.far_min = rng.pick(std::vector<double>{1.5, 2.0, 2.5, 3.0});
    }
    if (has_owner && lot.use != Use::publicuse) {
        const int term = lot.use == Use::residential ? 70 : (lot.use == Use::commercial ? 40 : 50);
        const int start = lot.supplied ? lot.gyrq.year : lot.built_year;
        double rem = term - (2023 - start) - rng.uniform(0, 0.9);
        if (collective) rem = rng.uniform(5, 20);
        lot.term_years = std::round(std::max(0.5, rem) * 10) / 10;
    }
    double zdmj = area * (1 + rng.normalish() * 0.0015);
    const bool big_diff = rng.chance(0.012);
    if (big_diff) zdmj = area * (rng.chance(0.5) ? rng.uniform(1.08, 1.25) : rng.uniform(0.75, 0.92));

    // Duplicated codes continue an open group first.
    std::string zddm = lot.zddm;
    if (open_dup_ && open_dup_->open > 0) zddm = open_dup_->code;
    if (lot.defect == "dup2" || lot.defect == "dup3") {
        open_dup_ = DupGroup{prev_zddm_, {{prev_fid_, prev_zddm_}}, lot.defect == "dup3" ? 2 : 1};
        zddm = prev_zddm_;
    }
    lot.zddm = zddm;

    // Geometry as delivered (possibly broken) and the extra features some defects bring along.
    MultiPoly geom{clean};
    std::optional<Poly> tiny, strip, enclave;
    std::string defect_kind, defect_detail;
    const std::string& d = lot.defect;
    const double xl = std::max(lot.lb, lot.lt), xr = std::min(lot.rb, lot.rt);
    const Pt centre{mm((xl + xr) / 2), mm((lot.yb + lot.yt) / 2)};
    if (d == "bowtie") {
        geom = {Poly{{{lot.lb, lot.yb}, {lot.lt, lot.yt}, {lot.rb, lot.yb}, {lot.rt, lot.yt}}, {}}};
        defect_kind = "invalid_geometry";
        defect_detail = "bow-tie: the two side edges cross";
    } else if (d == "ring_self") {
        // Two lobes of one ring touching at the centre point: the ring passes a vertex twice.
        geom = {Poly{{{lot.lb, lot.yb}, {lot.lt, lot.yt}, centre, {lot.rt, lot.yt}, {lot.rb, lot.yb}, centre}, {}}};
        defect_kind = "invalid_geometry";
        defect_detail = "ring touches itself at its centre vertex";
    } else if (d == "hole_outside" && !cfg_.gpkg) {
        // A shapefile cannot say which shell a ring belongs to: GDAL's reader re-assigns rings by
        // containment, so a hole wholly outside comes back as a second part. A hole that
        // straddles the parcel line stays invalid through the shapefile round trip.
        const double hy = lot.row == 0 ? lot.yb - 2 : lot.yt - 3;
        geom[0].holes.push_back(rect_ccw(mm(xl + 5), mm(hy), mm(xl + 10), mm(hy + 5)));
        defect_kind = "invalid_geometry";
        defect_detail = "interior ring straddling the parcel line";
    } else if (d == "nested" && !cfg_.gpkg) {
        // Nested shells do not survive a shapefile either (the inner shell is read as a hole);
        // the shapefile variant is a duplicated-vertex spike into the road.
        const double xm = mm((xl + xr) / 2);
        Ring r;
        if (lot.row == 0) {
            r = {{lot.lb, lot.yb}, {lot.lt, lot.yt}};
            for (double x : lot.top_t) r.push_back({x, lot.yt});
            r.push_back({lot.rt, lot.yt});
            r.push_back({lot.rb, lot.yb});
            r.push_back({xm, lot.yb});
            r.push_back({xm, mm(lot.yb - 5)});
            r.push_back({xm, lot.yb});
        } else {
            r = {{lot.lb, lot.yb}, {lot.lt, lot.yt}, {xm, lot.yt}, {xm, mm(lot.yt + 5)}, {xm, lot.yt}, {lot.rt, lot.yt}, {lot.rb, lot.yb}};
            for (double x : lot.bottom_t) r.push_back({x, lot.yb});
        }
        geom = {Poly{r, {}}};
        defect_kind = "invalid_geometry";
        defect_detail = "spike: the ring runs 5 m out into the road and back along the same line";
    } else if (d == "hole_outside") {
        const double hy = lot.row == 0 ? lot.yb - 6 : lot.yt + 2;
        geom[0].holes.push_back(rect_ccw(mm(xl + 5), mm(hy), mm(xl + 10), mm(hy + 4)));
        defect_kind = "invalid_geometry";
        defect_detail = "interior ring drawn in the road outside the parcel";
    } else if (d == "nested") {
        geom.push_back(Poly{rect_cw(mm(centre.x - 3), mm(centre.y - 3), mm(centre.x + 3), mm(centre.y + 3)), {}});
        defect_kind = "invalid_geometry";
        defect_detail = "MultiPolygon whose second shell lies inside the first";
    } else if (d == "empty") {
        geom.clear();
        defect_kind = "empty_geometry";
        defect_detail = "null shape with full attributes";
    } else if (d == "multipart") {
        const double yc = mm(lot.yb + (lot.yt - lot.yb) * 0.5);
        geom = {Poly{quad_ring(lot.lb, lot.lb, lot.rb, lot.rb, lot.yb, mm(yc - 2), {}, lot.bottom_t), {}},
                Poly{quad_ring(lot.lt, lot.lt, lot.rt, lot.rt, mm(yc + 2), lot.yt, lot.top_t, {}), {}}};
        defect_kind = "multipart";
        defect_detail = "valid MultiPolygon of 2 parts split by a 4 m ditch";
    } else if (d == "hole") {
        const double hx = mm(xl + (xr - xl - 15) / 2), hy = mm(lot.yb + (lot.yt - lot.yb - 12) / 2);
        geom[0].holes.push_back(rect_ccw(hx, hy, mm(hx + 15), mm(hy + 12)));
        enclave = Poly{rect_cw(hx, hy, mm(hx + 15), mm(hy + 12)), {}};
        defect_kind = "hole";
        defect_detail = "valid polygon with one interior ring; the hole is a separate substation parcel";
    } else if (d == "tiny") {
        Ring r = geom[0].outer;
        r[0] = {mm(lot.lb), mm(lot.yb + 1.0)};
        r.push_back({mm(lot.lb + 1.0), lot.yb});
        geom[0].outer = r;
        tiny = Poly{{{lot.lb, lot.yb}, {lot.lb, mm(lot.yb + 1.0)}, {mm(lot.lb + 1.0), lot.yb}}, {}};
    } else if (d == "sliver_strip") {
        strip = Poly{{{lot.rb, lot.yb}, {lot.rt, lot.yt}, {lot.strip_rt, lot.yt}, {lot.strip_rb, lot.yb}}, {}};
    }
    const std::int64_t fid = write_parcel_row(zddm, lot.owner, dlbm, zdmj, t.name, collective, has_owner, lot.uscc,
                                              lot.far_min, lot.term_years, hydm, geom.empty() ? nullptr : &geom);
    if (defect_kind == "invalid_geometry") {
        const std::string reason = geos_.validity_reason(geom);
        planted_invalid_[fid] = reason;
        defects_.push_back({"parcels", fid, zddm, defect_kind, reason + " - " + defect_detail});
    } else if (!defect_kind.empty()) {
        defects_.push_back({"parcels", fid, zddm, defect_kind, defect_detail});
    }
    if (open_dup_) {
        if (open_dup_->members.back().first != fid && zddm == open_dup_->code) {
            open_dup_->members.push_back({fid, zddm});
            --open_dup_->open;
        }
        if (open_dup_->open <= 0) {
            std::string fids;
            for (const auto& m : open_dup_->members) fids += (fids.empty() ? "" : ", ") + std::to_string(m.first);
            for (const auto& m : open_dup_->members)
                defects_.push_back({"parcels", m.first, m.second, "duplicate_id",
                                    std::to_string(open_dup_->members.size()) + " parcels share ZDDM " + m.second + " (fids " + fids + ")"});
            open_dup_.reset();
        }
    }
    if (d == "bad_encoding") {
        // A long historical name that the 60-byte DBF field cuts inside a two-byte GBK character.
        const std::string variants[] = {"(原", "（原", "(原 "};
        for (const auto& v : variants) {
            const std::string full = lot.owner + v + t.county_name + t.name + industry_word(lot.hydm_code) + "厂，二〇〇六年改制设立，二〇一五年整体搬迁至本工业功能区)";
            const std::string g = to_gbk(full);
            std::size_t pos = 0, last_start = 0;
            while (pos < g.size() && pos < 60) { last_start = pos; pos += static_cast<unsigned char>(g[pos]) >= 0x81 ? 2 : 1; }
            if (g.size() > 60 && last_start == 59 && static_cast<unsigned char>(g[59]) >= 0x81) {
                bad_encoding_fids_[fid] = g.substr(0, 60);
                char hex[8];
                std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned char>(g[59]));
                defects_.push_back({"parcels", fid, zddm, "bad_encoding",
                                    std::string("QLRMC cut at the 60-byte field width after GBK lead byte ") + hex + "; full name: " + full});
                break;
            }
        }
    }
    prev_zddm_ = zddm;
    prev_fid_ = fid;
    if (big_diff) scenarios_.push_back({"parcels", fid, zddm, "zdmj_differs", "ZDMJ " + fmt("%.2f", zdmj) + " vs geometric " + fmt("%.2f", area) + " m2"});
    if (lot.use == Use::leftover) scenarios_.push_back({"parcels", fid, zddm, "leftover_parcel", "unassigned state land " + fmt("%.1f", area) + " m2 between industrial lots"});
    if ((lot.use == Use::industrial || lot.use == Use::collective_industry) && has_owner && !blk.in_control)
        scenarios_.push_back({"parcels", fid, zddm, "industrial_outside_control_line", blk.park >= 0 ? "park edge block left outside" : "scattered plant"});
    if (lot.hole_lot) {
        Batch& batch = batches_[static_cast<std::size_t>(blk.batch)];
        batch.hole = reversed(clean.outer);
        batch.hole_parcel_id = zddm;
    }

    // Extra parcels created by the defects.
    auto extra = [&](const Poly& p, const std::string& kind, const std::string& detail, const std::string& owner,
                     const std::string& extra_dlbm, bool right) {
        const std::string code = next_zddm(t, subzone, false);
        MultiPoly m{p};
        const std::int64_t f = write_parcel_row(code, owner, extra_dlbm, poly_area(p), t.name, false, right, "", std::nullopt,
                                                std::nullopt, "", &m);
        if (!kind.empty()) defects_.push_back({"parcels", f, code, kind, detail});
        return std::make_pair(f, code);
    };
    if (tiny) extra(*tiny, "sliver", "tiny triangle of " + fmt("%.2f", poly_area(*tiny)) + " m2 cut off the corner of " + zddm, "", dlbm, false);
    if (strip) extra(*strip, "sliver", "thin strip " + fmt("%.3f", lot.edge_shift) + " m wide (" + fmt("%.1f", poly_area(*strip)) +
                     " m2) between " + zddm + " and " + (next ? next->zddm : std::string("?")), "", dlbm, false);
    if (enclave) extra(*enclave, "", "", "国网浙江省电力有限公司" + t.county_name + "供电公司", "0809", true);
    if (d == "gap" && next)
        defects_.push_back({"parcels", fid, zddm, "gap", "misses neighbour " + next->zddm + " by " + fmt("%.3f", lot.edge_shift) + " m"});

    // Buildings.
    if (lot.dev == Dev::stock || lot.dev == Dev::built || lot.dev == Dev::stalled) {
        std::vector<Building> bs = place_buildings(lot, rng);
        for (auto& bld : bs) {
            if (enclave) {
                const Ring& h = enclave->outer;
                double bx0 = 1e300, bx1 = -1e300, by0 = 1e300, by1 = -1e300;
                for (const Pt& p : bld.ring) { bx0 = std::min(bx0, p.x); bx1 = std::max(bx1, p.x); by0 = std::min(by0, p.y); by1 = std::max(by1, p.y); }
                if (bx1 > h[0].x - 2 && bx0 < h[2].x + 2 && by1 > h[0].y - 2 && by0 < h[1].y + 2) continue;
            }
            ++building_serial_;
            const long long ord = building_ordinal_++;
            std::string bdefect;
            if (!planned_buildings_.empty() && planned_buildings_.front().ordinal <= ord) {
                bdefect = planned_buildings_.front().kind;
                planned_buildings_.pop_front();
            }
            if (bdefect == "missing_both") { bld.floors.reset(); bld.height_m.reset(); bld.storey_height_m.reset(); }
            const double fp = std::fabs(ring_signed_area(bld.ring));
            std::vector<Value> v;
            const std::string jzwbh = lot.zddm + "F" + pad(static_cast<long long>(&bld - bs.data()) + 1, 4);
            v.emplace_back(jzwbh);
            v.push_back(bld.floors ? Value(static_cast<long long>(*bld.floors)) : Value());
            v.push_back(bld.height_m ? Value(round2(*bld.height_m)) : Value());
            v.push_back(bld.storey_height_m ? Value(round2(*bld.storey_height_m)) : Value());
            v.push_back(bld.floors && rng.chance(0.9) ? Value(round2(fp * *bld.floors)) : Value());
            v.emplace_back(rng.chance(0.03) ? std::string() : lot.zddm);
            v.emplace_back(bld.name);
            v.emplace_back(building_use_of(bld.name, building_serial_));
            MultiPoly m{Poly{bld.ring, {}}};
            const std::int64_t f = buildings_->write(v, bdefect == "empty" ? nullptr : to_ogr(m));
            if (bdefect == "missing_both") defects_.push_back({"buildings", f, jzwbh, "missing_floors_and_height", "CS, JZGD and CG all null"});
            if (bdefect == "empty") defects_.push_back({"buildings", f, jzwbh, "empty_geometry", "null shape"});
            if (bld.crosses) scenarios_.push_back({"buildings", f, jzwbh, "building_crosses_parcel", "footprint extends over the line of " + lot.zddm});
        }
    }
    if (lot.supplied && has_owner) write_supply(lot, clean, rng, block_index, prev, next);
    if ((lot.use == Use::industrial || lot.use == Use::warehouse || lot.use == Use::collective_industry) &&
        (lot.dev == Dev::stock || lot.dev == Dev::built))
        write_enterprises(lot, area, rng);
}

// 房屋用途 (FWYT, issue 19 item 6) from the building's name, with a bureau's dirt, from the serial
// alone (no random draw, so that every other value of the county stays as it was): a use left
// empty now and then, Chinese synonyms (厂房, 仓库, 行政办公, 宿舍), pinyin, and a word no list
// knows. 综合楼 is an office block, or a dormitory and canteen block (生活配套) every third time.
std::string building_use_of(const std::string& name, long long serial) {
    auto ends = [&](const char* w) { const std::string s(w); return name.size() >= s.size() && name.compare(name.size() - s.size(), s.size(), s) == 0; };
    if (serial % 19 == 0) return "";
    if (serial % 211 == 0) return "综合";
    const bool synonym = serial % 7 == 0, pinyin = serial % 29 == 0;
    if (ends("号厂房")) return pinyin ? "shengchan" : synonym ? "厂房" : "生产";
    if (ends("号仓库")) return synonym ? "仓库" : "仓储";
    if (name == "综合楼") {
        if (serial % 3 == 0) return synonym ? "宿舍" : "生活配套";
        return pinyin ? "bangong" : synonym ? "行政办公" : "办公";
    }
    if (name == "门卫室") return "其他";
    if (ends("幢")) return "住宅";
    if (name == "商业楼" || name == "辅楼") return "商业";
    if (name == "主楼" || name == "附属楼") return "公共服务";
    return "";
}

std::vector<Building> CountyGen::place_buildings(const Lot& lot, Rng& rng) const {
    std::vector<Building> out;
    const double setback = lot.use == Use::collective_industry ? rng.uniform(2, 4) : rng.uniform(5, 9);
    const double xl = std::max(lot.lb, lot.lt) + setback, xr = std::min(lot.rb, lot.rt) - setback;
    const double yb = lot.yb + setback, yt = lot.yt - setback;
    const double W = xr - xl, H = yt - yb;
    if (W < 8 || H < 8) return out;
    const double lot_area = (xr - xl + 2 * setback) * (yt - yb + 2 * setback);
    Building scratch;  // sink for footprints too small to survey
    auto add = [&](double x0, double y0, double x1, double y1, const std::string& name) -> Building* {
        if (x1 - x0 < 5 || y1 - y0 < 5) return &scratch;
        Building b;
        b.ring = rect_cw(mm(x0), mm(y0), mm(x1), mm(y1));
        b.name = name;
        out.push_back(std::move(b));
        return &out.back();
    };
    const bool old = lot.built_year < 2008;
    switch (lot.use) {
    case Use::industrial:
    case Use::warehouse:
    case Use::collective_industry: {
        double cover = old ? rng.skewed(0.12, 0.6, 2) : rng.uniform(0.28, 0.62);
        if (lot.use == Use::collective_industry) cover = rng.uniform(0.35, 0.7);
        if (lot.dev == Dev::stalled) cover = rng.uniform(0.03, 0.1);
        const int n = lot.dev == Dev::stalled ? 1 : std::clamp(static_cast<int>(W / 22) + static_cast<int>(rng.int_in(0, 1)), 1, 6);
        const double gap = 10;
        const double slot = (W - (n - 1) * gap) / n;
        if (slot < 6) return out;
        const double target = cover * lot_area / n;
        for (int k = 0; k < n; ++k) {
            const double pw = slot * rng.uniform(0.8, 1.0);
            const double pd = std::clamp(target / pw, 8.0, H);
            const double sx = xl + k * (slot + gap) + (slot - pw) / 2;
            const double sy = yb + (H - pd) * rng.uniform(0, 0.3);
            Building* b = add(sx, sy, sx + pw, sy + pd, std::to_string(k + 1) + (lot.use == Use::warehouse ? "号仓库" : "号厂房"));
            const double r = rng.u01();
            if (lot.dev == Dev::stalled) { b->height_m = rng.uniform(3, 6); b->floors = 1; }
            else if (lot.use == Use::warehouse || r < (old ? 0.55 : 0.35)) {
                b->floors = 1;  // single-storey high-bay plant: one storey above 8 m
                b->height_m = rng.uniform(10, 15);
                b->storey_height_m = *b->height_m;
            } else {
                b->floors = static_cast<int>(rng.int_in(2, old ? 4 : 6));
                b->storey_height_m = rng.uniform(4.2, 6.0);
                b->height_m = *b->floors * *b->storey_height_m + 0.6;
            }
            if (rng.chance(0.06)) b->floors.reset();   // surveyed height only
            if (rng.chance(0.1)) b->storey_height_m.reset();
        }
        // Office block in the back strip where room is left.
        double used = yb;
        for (const auto& b : out) used = std::max(used, b.ring[1].y);
        if (lot.dev != Dev::stalled && yt - used > 30 && W > 30 && rng.chance(0.8)) {
            Building* b = add(xl, used + 10, xl + std::min(40.0, W * 0.5), std::min(yt, used + 25), "综合楼");
            b->floors = static_cast<int>(rng.int_in(3, 7));
            b->storey_height_m = 3.6;
            b->height_m = *b->floors * 3.6 + 0.9;
        }
        // Gatehouse in the front setback.
        if (lot.dev != Dev::stalled && setback >= 7 && W > 20 && rng.chance(0.6)) {
            Building* b = add(xl, lot.yb + 1, xl + 6, lot.yb + 6, "门卫室");
            b->floors = 1;
            b->storey_height_m = 3.3;
            b->height_m = 3.6;
        }
        // A few footprints run over the parcel line (survey or encroachment).
        if (!out.empty() && lot.dev != Dev::stalled && rng.chance(0.012)) {
            Building* rightmost = &out.front();
            for (auto& c : out) if (c.ring[2].x > rightmost->ring[2].x) rightmost = &c;
            Building& b = *rightmost;
            const double over = std::max(lot.rb, lot.rt) + rng.uniform(1.5, 3.5);  // short of the neighbour's setback
            b.ring[2].x = mm(over);
            b.ring[3].x = mm(over);
            b.crosses = true;
        }
        break;
    }
    case Use::residential: {
        const int cols = std::max(1, static_cast<int>(W / 55)), rows = std::max(1, static_cast<int>(H / 40));
        const int floors = static_cast<int>(lot.built_year < 2008 ? rng.int_in(5, 7) : rng.int_in(11, 26));
        for (int r = 0; r < rows; ++r)
            for (int c = 0; c < cols; ++c) {
                const double sx = xl + c * (W / cols), sy = yb + r * (H / rows);
                Building* b = add(sx + 4, sy + 4, sx + std::min(W / cols - 4, 48.0), sy + 4 + std::min(14.0, H / rows - 6),
                                  std::to_string(r * cols + c + 1) + "幢");
                b->floors = floors;
                b->storey_height_m = 3.0;
                b->height_m = floors * 3.0 + 1.2;
            }
        break;
    }
    case Use::commercial:
    case Use::publicuse: {
        const int n = static_cast<int>(rng.int_in(1, 3));
        const double slot = W / n;
        for (int k = 0; k < n; ++k) {
            const double sx = xl + k * slot;
            Building* b = add(sx + 2, yb, sx + slot - 2, yb + H * rng.uniform(0.35, 0.7),
                              lot.use == Use::commercial ? (k == 0 ? "商业楼" : "辅楼") : (k == 0 ? "主楼" : "附属楼"));
            b->floors = static_cast<int>(lot.use == Use::commercial ? rng.int_in(2, 20) : rng.int_in(2, 5));
            b->storey_height_m = lot.use == Use::commercial ? 4.2 : 3.6;
            b->height_m = *b->floors * *b->storey_height_m + 0.9;
        }
        break;
    }
    case Use::leftover: break;
    }
    return out;
}

std::string CountyGen::supply_date_text(const Date& d, const std::string& field, std::int64_t fid, const std::string& id) {
    // A planted date defect for this record and field replaces the ISO text.
    if (pending_supply_defect_.empty()) return d.iso();
    const std::string& k = pending_supply_defect_;
    const std::size_t c1 = k.find(':'), c2 = k.find(':', c1 + 1);
    const std::string type = k.substr(0, c1);
    const std::string f = k.substr(c1 + 1, c2 == std::string::npos ? std::string::npos : c2 - c1 - 1);
    if (f != field) return d.iso();
    const std::string arg = c2 == std::string::npos ? "" : k.substr(c2 + 1);
    std::string text;
    if (type == "bad") {
        text = arg;
        defects_.push_back({"supplies", fid, id, "bad_date", field + " = \"" + text + "\" is not a date"});
    } else if (type == "odd") {
        if (arg == "slash") text = std::to_string(d.year) + "/" + std::to_string(d.month) + "/" + std::to_string(d.day);
        else if (arg == "compact") text = std::to_string(d.year) + pad(d.month, 2) + pad(d.day, 2);
        else if (arg == "chinese") text = std::to_string(d.year) + "年" + std::to_string(d.month) + "月" + std::to_string(d.day) + "日";
        else if (arg == "excel") text = std::to_string(d.days_since_epoch() + 25569);  // 1900 system serial
        defects_.push_back({"supplies", fid, id, "odd_date_format", field + " = \"" + text + "\" means " + d.iso()});
    } else if (type == "null") {
        defects_.push_back({"supplies", fid, id, "null_date", field + " is null (should be " + d.iso() + ")"});
    }
    pending_supply_defect_.clear();
    return text;
}

void CountyGen::write_supply(const Lot& lot, const Poly& clean, Rng& rng, std::int64_t block_index, const Lot* prev, const Lot* next) {
    const Township& t = twps_[static_cast<std::size_t>(blocks_[static_cast<std::size_t>(block_index)].twp)];
    const int year = lot.gyrq.year;
    const int seq = ++supply_seq_[t.county_code + std::to_string(year)];
    std::string gdbh = "GY" + t.county_code + "-" + std::to_string(year) + "-" + pad(seq, 5);
    const long long ord = supply_ordinal_++;
    std::string defect;
    if (!planned_supplies_.empty() && planned_supplies_.front().ordinal <= ord) {
        defect = planned_supplies_.front().kind;
        planned_supplies_.pop_front();
    }
    if (defect == "dup_gdbh" && !prev_gdbh_.empty()) gdbh = prev_gdbh_;
    const std::int64_t fid = supplies_->count();  // the record this supply becomes

    // Supply red line: the parcel, with the edge cases the overlay must survive.
    Poly geom = clean;
    std::string scenario;
    const Block& blk = blocks_[static_cast<std::size_t>(block_index)];
    const double r = rng.u01();
    const int j = static_cast<int>(block_index / grid_.nx);
    if (r < 0.025 && next && next->supplied && next->dev != Dev::unassigned) {
        geom.outer = quad_ring(lot.lb, lot.lt, mm(lot.rb + 3), mm(lot.rt + 3), lot.yb, lot.yt, {}, {});
        scenario = "supply_overlaps_supply|red line extends 3 m over the supply of " + next->zddm;
    } else if (r < 0.05 && lot.row == 0 && blk.batch >= 0) {
        const double y = mm(grid_.ys[static_cast<std::size_t>(j)] - 4);
        geom.outer = quad_ring(lot.lb, lot.lt, lot.rb, lot.rt, y, lot.yt, lot.top_t, {});
        scenario = "supply_crosses_batch_edge|red line reaches 4 m beyond the road centre line bounding the batch";
    } else if (r < 0.09 && lot.row == 0 && blk.batch >= 0) {
        const double y = grid_.ys[static_cast<std::size_t>(j)];
        geom.outer = quad_ring(lot.lb, lot.lt, lot.rb, lot.rt, y, lot.yt, lot.top_t, {});
        scenario = "supply_touches_batch_edge|red line ends exactly on the batch boundary (road centre line)";
    } else if (r < 0.11 && prev && prev->supplied && prev->dev != Dev::unassigned) {
        geom.outer = quad_ring(mm(lot.lb + 0.003), mm(lot.lt + 0.003), lot.rb, lot.rt, lot.yb, lot.yt, lot.top_t, lot.bottom_t);
        scenario = "supply_near_miss|misses the supply of " + prev->zddm + " by 3 mm";
    }
    const double area_mu = poly_area(geom) * 15.0 / 10000.0;
    double price_per_mu = 0, invest_per_mu = 0;
    switch (lot.use) {
    case Use::residential: price_per_mu = rng.uniform(300, 1500); invest_per_mu = rng.uniform(800, 3000); break;
    case Use::commercial: price_per_mu = rng.uniform(150, 600); invest_per_mu = rng.uniform(500, 2000); break;
    case Use::publicuse: price_per_mu = rng.uniform(5, 15); invest_per_mu = rng.uniform(100, 500); break;
    default: price_per_mu = rng.uniform(18, 60) * (year < 2008 ? 0.5 : 1.0); invest_per_mu = rng.uniform(150, 600);
    }
    const double crjk = round2(area_mu * price_per_mu), jhtz = round2(area_mu * invest_per_mu);
    const double invested = round2(jhtz * lot.invested_share);

    pending_supply_defect_ = defect.rfind("bad:", 0) == 0 || defect.rfind("odd:", 0) == 0 || defect.rfind("null:", 0) == 0 ? defect : "";
    auto date_value = [&](const Date& dt, const std::string& field, bool present) -> Value {
        if (!present) return Value();
        return Value(supply_date_text(dt, field, fid, gdbh));
    };
    std::vector<Value> v;
    v.emplace_back(gdbh);
    v.emplace_back(lot.zddm);
    v.emplace_back(std::string(lot.allocated ? "划拨" : "出让"));
    v.push_back(date_value(lot.gyrq, "GYRQ", true));
    v.push_back(date_value(lot.yddgrq, "YDDGRQ", true));
    v.push_back(date_value(lot.ydjgrq, "YDJGRQ", true));
    v.push_back(date_value(lot.sjdgrq, "SJDGRQ", lot.has_sjdgrq));
    v.push_back(Value(crjk));
    v.push_back(Value(jhtz));
    v.push_back(lot.dev == Dev::recent && invested == 0 ? Value() : Value(invested));
    v.push_back(lot.far_min ? Value(*lot.far_min) : Value());
    v.push_back(date_value(lot.tgrq, "TGRQ", lot.has_tgrq));
    v.emplace_back(std::string(lot.gov_delay ? "是" : (rng.chance(0.7) ? "否" : "")));
    pending_supply_defect_.clear();
    write_standard_land(lot, fid, gdbh, invest_per_mu, v);
    const bool empty = defect == "empty";
    supplies_->write(v, empty ? nullptr : to_ogr(MultiPoly{geom}));
    if (empty) defects_.push_back({"supplies", fid, gdbh, "empty_geometry", "null shape"});
    if (defect == "dup_gdbh" && gdbh == prev_gdbh_)
        defects_.push_back({"supplies", fid, gdbh, "duplicate_id", "GDBH also used by fid " + std::to_string(fid - 1)});
    prev_gdbh_ = gdbh;
    if (!scenario.empty()) {
        const std::size_t bar = scenario.find('|');
        scenarios_.push_back({"supplies", fid, gdbh, scenario.substr(0, bar), scenario.substr(bar + 1)});
    }
    const Date one_year = tl::period_end_years(lot.yddgrq, 1);
    if ((lot.dev == Dev::idle || lot.dev == Dev::idle_gov) && one_year < kAsOf) {
        const bool two = tl::period_end_years(lot.yddgrq, 2) < kAsOf;
        scenarios_.push_back({"supplies", fid, gdbh, lot.gov_delay ? "idle_government_delay" : (two ? "idle_over_2_years" : "idle_over_1_year"),
                              "not started, agreed start " + lot.yddgrq.iso() + ", no buildings on " + lot.zddm});
    } else if (lot.dev == Dev::stalled) {
        scenarios_.push_back({"supplies", fid, gdbh, "stalled", "started " + lot.sjdgrq.iso() + ", stopped " + lot.tgrq.iso() +
                              ", invested " + fmt("%.0f%%", lot.invested_share * 100) + " of JHTZ"});
    }
}

// 标准地 (R18, domain.md §8): industrial 出让 supplies from 2018 (浙政办发〔2018〕73号) are mostly 标准地,
// with the contract's indicators drawn around what the lot achieves, so that some pass and some fail.
// Its own random stream (per supply), so that the other columns and layers stay as they were.
// Dirt: the flag spelled 是 / Y / 1, some 否 and empty; missing indicators and dates; one 亩均税收
// written in 元/亩 (the rule's unit check).
void CountyGen::write_standard_land(const Lot& lot, std::int64_t fid, const std::string& gdbh, double invest_per_mu, std::vector<Value>& v) {
    Rng r(cfg_.seed, "standard_land", static_cast<std::uint64_t>(fid));
    const bool industrial_transfer = lot.use == Use::industrial && !lot.allocated;
    std::string flag;
    if (industrial_transfer && lot.gyrq.year >= 2018) {
        const double u = r.u01();
        flag = u < 0.06 ? "否" : u < 0.10 ? "" : u < 0.85 ? "是" : u < 0.93 ? "Y" : "1";
    } else if (industrial_transfer) {
        flag = r.chance(0.7) ? "否" : "";
    }
    v.emplace_back(flag);
    const bool standard = flag == "是" || flag == "Y" || flag == "1";
    if (!standard) {
        for (int k = 0; k < 8; ++k) v.emplace_back();
        if (industrial_transfer && lot.gyrq.year >= 2018 && flag.empty())
            scenarios_.push_back({"supplies", fid, gdbh, "standard_land_unflagged", "industrial 出让 " + lot.gyrq.iso() + " without the 标准地 flag"});
        return;
    }
    ++standard_land_count_;
    auto maybe = [&](double p, double value) { return r.chance(p) ? Value(value) : Value(); };
    v.push_back(maybe(0.95, round2(invest_per_mu * r.uniform(0.5, 1.2))));                   // TZQD 万元/亩
    double tax = round2(r.uniform(8, 45));
    if (standard_land_count_ == 5) {
        tax = round2(tax * 10000);   // 元/亩 in a 万元/亩 column
        scenarios_.push_back({"supplies", fid, gdbh, "standard_land_tax_in_yuan", "MJSS = " + fmt("%.2f", tax) + " is in 元/亩, not 万元/亩: R18.tax 无法判定 (std_unit)"});
    }
    v.emplace_back(tax);                                                                       // MJSS 万元/亩
    const double e = r.u01();
    v.push_back(e < 0.5 ? Value(round2(r.uniform(2, 9))) : Value());                           // NHZJZ 万元/吨标煤
    v.push_back(e >= 0.5 && e < 0.9 ? Value(std::round(r.uniform(0.2, 0.8) * 1000) / 1000) : Value());  // DWNH 吨标煤/万元
    v.push_back(maybe(0.85, std::round(r.uniform(300, 6000) * 10) / 10));                      // PFZJZ 万元/吨
    v.push_back(maybe(0.4, round2(r.uniform(1.5, 4.5))));                                      // RDZB %
    const Date accepted = tl::period_end_months(lot.ydjgrq, 3 + static_cast<int>(r.u01() * 4));
    v.push_back(r.chance(0.92) ? Value(accepted.iso()) : Value());                             // YSRQ
    v.push_back(r.chance(0.92) ? Value(tl::period_end_years(accepted, 2).iso()) : Value());    // FHRQ
}

void CountyGen::write_enterprises(const Lot& lot, double area_m2, Rng& rng) {
    struct Firm { std::string code, name; double land_m2; bool owner; };
    std::vector<Firm> firms;
    const int tenants = rng.chance(0.15) ? static_cast<int>(rng.int_in(1, 2)) : 0;
    double rest = area_m2;
    std::vector<Firm> tenant_firms;
    const std::string county_code = lot.zddm.substr(0, 6);
    for (int k = 0; k < tenants; ++k) {
        const double land = std::min(rest * 0.4, rng.uniform(300, 3500));
        rest -= land;
        const int code = industry_codes()[rng.weighted(industry_weights())];
        tenant_firms.push_back({social_credit_code(county_code, ++enterprise_serial_),
                                enterprise_name(rng, twps_[0].county_name, code), land, false});
    }
    if (lot.use == Use::collective_industry) {
        // The collective leases the plant: the firm on it is the evaluated enterprise.
        const int code = lot.hydm_code > 0 ? lot.hydm_code : 34;
        firms.push_back({social_credit_code(county_code, ++enterprise_serial_), enterprise_name(rng, twps_[0].county_name, code), rest, false});
    } else {
        firms.push_back({lot.uscc, lot.owner, rest, true});
    }
    for (auto& f : tenant_firms) firms.push_back(f);
    for (const auto& f : firms) {
        const double land_mu = f.land_m2 * 15.0 / 10000.0;
        double tax_per_mu;
        const std::size_t cat = rng.weighted({0.12, 0.16, 0.2, 0.35, 0.17});
        switch (cat) {
        case 0: tax_per_mu = rng.uniform(0.2, 2.99); break;
        case 1: tax_per_mu = rng.uniform(3, 5); break;
        case 2: tax_per_mu = rng.uniform(5.01, 10); break;
        case 3: tax_per_mu = rng.uniform(10.01, 30); break;
        default: tax_per_mu = rng.uniform(30, 90);
        }
        double tax = tax_per_mu * land_mu;
        double revenue = tax / rng.uniform(0.025, 0.07);
        if (land_mu >= 12 && rng.chance(0.15)) {  // 亿元企业 with a low 亩均税收 (Linhai's ≤ 10万 test)
            revenue = rng.uniform(10000, 60000);
            tax = land_mu * rng.uniform(3, 9.5);
        }
        const bool above = revenue >= 2000;
        const int first_year = lot.built_year >= 2023 ? 2023 : 2022;
        const bool numeric_flag = rng.chance(0.15);
        for (int year = first_year; year <= 2023; ++year) {
            const double g = year == 2022 ? 1.0 : rng.uniform(0.85, 1.2);
            const double rev = revenue * g, tx = tax * g * rng.uniform(0.95, 1.05);
            const double va = rev * rng.uniform(0.15, 0.3);
            const double energy = va / rng.uniform(1.0, 6.0);
            const double emis = va / rng.uniform(800, 8000);
            const long long staff = std::max<long long>(3, static_cast<long long>(rev / rng.uniform(60, 180)));
            const double rd = rev * rng.skewed(0, 0.05, 2);
            const double invest = rng.skewed(0, 3000, 3);
            const double power = energy * rng.uniform(0.5, 1.5);
            auto cell = [&](double v, const char* f, double p_missing) { return rng.chance(p_missing) ? std::string() : fmt(f, v); };
            const double miss = 0.02, miss_small = above ? 0.02 : 0.4;
            std::string name = f.name;
            if (name.find(',') != std::string::npos) name = "\"" + name + "\"";
            enterprises_ << f.code << ',' << lot.zddm << ',' << name << ',' << year << ','
                         << cell(tx, "%.2f", miss) << ',' << cell(va, "%.2f", miss_small) << ',' << cell(energy, "%.2f", miss_small) << ','
                         << cell(emis, "%.3f", miss_small) << ',' << (rng.chance(miss) ? std::string() : std::to_string(staff)) << ','
                         << cell(rd, "%.2f", miss_small) << ',' << cell(rev, "%.2f", miss) << ','
                         << (numeric_flag ? (above ? "1" : "0") : (above ? "是" : "否")) << ','
                         << fmt("%.2f", f.land_m2) << ',' << cell(invest, "%.2f", 0.1) << ',' << cell(power, "%.2f", miss) << "\r\n";
            ++n_enterprise_rows_;
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Polygon layers made of grid cells

// Union of grid cells. Cells in one row that follow each other are first joined into one
// rectangle (cheap and exact), so GEOS unions a few hundred runs instead of thousands of cells.
MultiPoly union_cells(const Geos& geos, const Grid& grid, std::vector<std::int64_t> cells) {
    std::sort(cells.begin(), cells.end());
    std::vector<MultiPoly> runs;
    for (std::size_t k = 0; k < cells.size();) {
        std::size_t e = k;
        while (e + 1 < cells.size() && cells[e + 1] == cells[e] + 1 && cells[e + 1] / grid.nx == cells[k] / grid.nx) ++e;
        const auto i0 = static_cast<std::size_t>(cells[k] % grid.nx), i1 = static_cast<std::size_t>(cells[e] % grid.nx);
        const auto j = static_cast<std::size_t>(cells[k] / grid.nx);
        runs.push_back({Poly{rect_cw(grid.xs[i0], grid.ys[j], grid.xs[i1 + 1], grid.ys[j + 1]), {}}});
        k = e + 1;
    }
    if (runs.size() == 1) return runs[0];
    return geos.union_all(runs);
}

void CountyGen::write_approvals() {
    LayerWriter w(wopts_, "approvals", true, std::vector<FieldSpec>{
        {"PCBH", FieldKind::text, 24, 0}, {"PCMC", FieldKind::text, 120, 0}, {"PWH", FieldKind::text, 48, 0},
        {"PZRQ", FieldKind::text, 16, 0}, {"PZMJ", FieldKind::real, 16, 2}, {"PCLX", FieldKind::text, 12, 0}}, DbfEncoding::utf8);
    Rng rng(cfg_.seed, "approvals");
    int odd_quota = cfg_.defect_scale, bad_quota = cfg_.defect_scale;
    for (auto& b : batches_) {
        MultiPoly geom = union_cells(geos_, grid_, b.cells);
        if (!b.hole.empty() && geom.size() == 1) geom[0].holes.push_back(b.hole);
        const double area = multi_area(geom);
        std::string pzrq = b.approved.iso();
        std::string note_kind, note_detail;
        if (odd_quota > 0 && w.count() % 7 == 3) {
            pzrq = std::to_string(b.approved.year) + "年" + std::to_string(b.approved.month) + "月" + std::to_string(b.approved.day) + "日";
            note_kind = "odd_date_format";
            note_detail = "PZRQ = \"" + pzrq + "\" means " + b.approved.iso();
            --odd_quota;
        } else if (bad_quota > 0 && w.count() % 11 == 5) {
            pzrq = "不详";
            note_kind = "bad_date";
            note_detail = "PZRQ = \"不详\" is not a date (approved " + b.approved.iso() + ")";
            --bad_quota;
        }
        std::vector<Value> v{b.id, b.name, b.doc_no, pzrq, round2(area * (1 + rng.normalish() * 0.001)), b.kind};
        const std::int64_t fid = w.write(v, to_ogr(geom));
        if (!note_kind.empty()) defects_.push_back({"approvals", fid, b.id, note_kind, note_detail});
        if (geom.size() > 1) scenarios_.push_back({"approvals", fid, b.id, "batch_multipart", std::to_string(geom.size()) + " separate parts"});
        if (!b.hole.empty()) scenarios_.push_back({"approvals", fid, b.id, "batch_with_hole", "excludes the older parcel " + b.hole_parcel_id});
        const char* sup = b.supply == BatchSupply::full ? "batch_fully_supplied" : b.supply == BatchSupply::partial ? "batch_partly_supplied" : "batch_not_supplied";
        scenarios_.push_back({"approvals", fid, b.id, sup, "approved " + b.approved.iso() + ", " + fmt("%.0f", area) + " m2"});
    }
    w.close();
}

void CountyGen::write_control_lines() {
    LayerWriter w(wopts_, "control_lines", true, std::vector<FieldSpec>{
        {"KZXBH", FieldKind::text, 20, 0}, {"KZXMC", FieldKind::text, 80, 0}, {"KZXLX", FieldKind::text, 20, 0}}, DbfEncoding::utf8);
    int n = 0;
    for (const auto& p : parks_) {
        if (p.cells.empty()) continue;
        const MultiPoly geom = union_cells(geos_, grid_, p.cells);
        const Township& t = twps_[static_cast<std::size_t>(p.twp)];
        w.write({"KZX" + t.county_code + "-" + pad(++n, 3), p.name, p.kind}, to_ogr(geom));
    }
    w.close();
}

void CountyGen::write_townships() {
    LayerWriter w(wopts_, "townships", true, std::vector<FieldSpec>{
        {"XZQDM", FieldKind::text, 12, 0}, {"XZQMC", FieldKind::text, 30, 0}}, DbfEncoding::utf8);
    for (const auto& t : twps_) {
        if (t.cells.empty()) continue;
        w.write({t.code, t.name}, to_ogr(union_cells(geos_, grid_, t.cells)));
    }
    w.close();
}

// ---------------------------------------------------------------------------------------------
// Finishing

void CountyGen::finish_shapefiles() {
    if (cfg_.gpkg) return;
    // parcels.dbf: GBK text, no .cpg, language driver byte 0 - the hardest common delivery.
    VSIUnlink((cfg_.out_dir + "/parcels.cpg").c_str());
    patch_dbf_ldid(cfg_.out_dir + "/parcels.dbf", 0x00);
    for (const auto& [fid, raw] : bad_encoding_fids_) patch_dbf_field_bytes(cfg_.out_dir + "/parcels.dbf", fid, "QLRMC", raw);
    defects_.insert(defects_.begin(), Note{"parcels", -1, "", "gbk_no_cpg", "parcels.dbf is GBK (CP936) text with no .cpg file and language driver byte 0"});
    // buildings.dbf: GBK announced only by the language driver byte 0x4D.
    VSIUnlink((cfg_.out_dir + "/buildings.cpg").c_str());
    patch_dbf_ldid(cfg_.out_dir + "/buildings.dbf", 0x4D);
}

void CountyGen::verify_readback() {
    // Re-read the planted invalid parcels: the reason a reader sees must be the one listed.
    const std::string path = cfg_.out_dir + (cfg_.gpkg ? "/parcels.gpkg" : "/parcels.shp");
    GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    if (!ds) { log("cannot reopen " + path); return; }
    OGRLayer* layer = ds->GetLayer(0);
    for (auto& note : defects_) {
        if (note.layer != "parcels" || note.kind != "invalid_geometry") continue;
        OGRFeatureUniquePtr f(layer->GetFeature(note.fid));
        if (!f || !f->GetGeometryRef()) { log("readback: fid " + std::to_string(note.fid) + " has no geometry"); continue; }
        std::vector<unsigned char> wkb(static_cast<std::size_t>(f->GetGeometryRef()->WkbSize()));
        f->GetGeometryRef()->exportToWkb(wkbNDR, wkb.data(), wkbVariantIso);
        const std::string reason = geos_.validity_reason_wkb(wkb.data(), wkb.size());
        const std::string planted = planted_invalid_[note.fid];
        if (reason != planted) {
            log("readback: fid " + std::to_string(note.fid) + " planted '" + planted + "' but reads back as '" + reason + "'");
            const std::size_t dash = note.detail.find(" - ");
            note.detail = reason + " (as read back)" + (dash == std::string::npos ? "" : note.detail.substr(dash));
        }
    }
}

void CountyGen::write_manifest(const std::string& path, const std::vector<Note>& notes) const {
    std::ofstream o(path, std::ios::binary);
    o << "[\n";
    for (std::size_t i = 0; i < notes.size(); ++i) {
        const Note& n = notes[i];
        o << "  {\"layer\": \"" << json_escape(n.layer) << "\", \"fid\": " << n.fid << ", \"id\": \"" << json_escape(n.id)
          << "\", \"kind\": \"" << json_escape(n.kind) << "\", \"detail\": \"" << json_escape(n.detail) << "\"}"
          << (i + 1 < notes.size() ? ",\n" : "\n");
    }
    o << "]\n";
}

int CountyGen::run() {
    const auto t0 = std::chrono::steady_clock::now();
    VSIMkdirRecursive(cfg_.out_dir.c_str(), 0755);
    build_grid();
    build_townships_and_zones();
    build_batches();
    plan_defects();
    open_writers();
    stream_blocks();
    parcels_->close();
    buildings_->close();
    supplies_->close();
    enterprises_.close();
    log(std::to_string(parcels_->count()) + " parcels, " + std::to_string(buildings_->count()) + " buildings, " +
        std::to_string(supplies_->count()) + " supplies, " + std::to_string(n_enterprise_rows_) + " enterprise rows");
    write_approvals();
    write_control_lines();
    write_townships();
    finish_shapefiles();
    verify_readback();
    if (!pending_lots_.empty() || !planned_lots_.empty() || !planned_supplies_.empty() || !planned_buildings_.empty())
        log("warning: " + std::to_string(pending_lots_.size() + planned_lots_.size()) + " parcel, " +
            std::to_string(planned_supplies_.size()) + " supply, " + std::to_string(planned_buildings_.size()) +
            " building defects could not be placed");
    std::string base = cfg_.out_dir;
    while (base.size() > 1 && base.back() == '/') base.pop_back();
    // Sort the manifest by layer order and fid so that it reads like the data.
    const std::vector<std::string> order = {"parcels", "buildings", "approvals", "supplies", "control_lines", "townships", "enterprises"};
    auto rank = [&](const Note& n) { return std::find(order.begin(), order.end(), n.layer) - order.begin(); };
    auto by_layer_fid = [&](const Note& a, const Note& b) { return rank(a) != rank(b) ? rank(a) < rank(b) : a.fid < b.fid; };
    std::stable_sort(defects_.begin(), defects_.end(), by_layer_fid);
    std::stable_sort(scenarios_.begin(), scenarios_.end(), by_layer_fid);
    write_manifest(base + "-defects.json", defects_);
    write_manifest(base + "-scenarios.json", scenarios_);
    if (cfg_.decisions) write_decisions();
    if (cfg_.decisions) write_revitalization();
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    log(std::to_string(defects_.size()) + " planted defects, " + std::to_string(scenarios_.size()) + " scenario notes; done in " + fmt("%.1f s", s));
    return 0;
}

} // namespace

// decisions.csv (闭环管理, issue 20): what a planner writes after the field visits of a first run,
// for the demo's planted idle supplies and outside-the-line parcels (the scenario notes): two
// excluded (construction permit issued), one confirmed with a deadline already past on
// 2023-12-31, one in progress due within the 预警 horizon, one disposed, one control-line parcel
// confirmed, and one decision for a parcel that no longer exists (split). No title row: the demo's
// tables are clean (e2e.messy_tables); title rows are tested on the second county.
void CountyGen::write_decisions() const {
    std::vector<std::string> idle, outside;
    for (const auto& n : scenarios_) {
        if (n.layer == "supplies" && (n.kind == "idle_over_1_year" || n.kind == "idle_over_2_years")) idle.push_back(n.id);
        if (n.layer == "parcels" && n.kind == "industrial_outside_control_line") outside.push_back(n.id);
    }
    std::ofstream f(cfg_.out_dir + "/decisions.csv", std::ios::binary);
    f << "\xEF\xBB\xBF" << "类别,编号,规则,处置决定,理由,佐证,决定人,决定日期,整改期限\r\n";
    const char* rows[][8] = {
        {"闲置土地", "", "排除", "已取得施工许可，2023年10月现场已动工", "施工许可证 330188202310120101", "张建华", "2023-11-06", ""},
        {"闲置土地", "", "排除", "政府原因延迟动工 (规划调整)，已签补充协议", "补充协议 演自然资〔2023〕41号", "张建华", "2023-11-06", ""},
        {"闲置土地", "", "确认", "现场核实未动工，已下达闲置土地调查通知书", "现场照片 IMG_20230812.jpg", "李海燕", "2023-08-12", "2023-11-30"},
        {"闲置土地", "", "整改中", "企业承诺限期动工，已签订整改协议", "整改协议 演自然资〔2023〕52号", "李海燕", "2023-10-20", "2024-02-29"},
        {"闲置土地", "", "已处置", "已征缴土地闲置费", "缴款凭证 2023-1187", "王立新", "2023-12-01", ""},
    };
    std::size_t k = 0;
    for (const auto& r : rows) {
        if (k >= idle.size()) break;
        f << r[0] << ',' << idle[k++] << ",," << r[2] << ',' << r[3] << ',' << r[4] << ',' << r[5] << ',' << r[6] << ',' << r[7] << "\r\n";
    }
    if (!outside.empty())
        f << "控制线外工业用地," << outside.front() << ",,确认,现场核实为在产企业，列入置换计划,,王立新,2023-12-01,2024-12-31\r\n";
    f << "低效工业用地," << cfg_.county_code << "001001JB99999,,整改中,宗地已分割 (新宗地代码待登记),,李海燕,2023-09-15,2024-06-30\r\n";
    if (!f) throw std::runtime_error("cannot write " + cfg_.out_dir + "/decisions.csv");
}

// 盘活台账.csv (issue 19 item 7): what the county revitalised, as a bureau keeps it — a title row,
// the area in 亩 (said in the header), one row without its 镇街 or method, one done after the demo's
// as-of day (2024: not counted on 2023-12-31), and a 合计 row. The parcels are the demo's
// industrial parcels left outside the control lines (the scenario notes); one row is a batch.
void CountyGen::write_revitalization() const {
    std::vector<std::string> parcels, batches;
    for (const auto& n : scenarios_) {
        if (n.layer == "parcels" && n.kind == "industrial_outside_control_line") parcels.push_back(n.id);
        if (n.layer == "approvals" && n.kind == "batch_not_supplied") batches.push_back(n.id);
    }
    auto town_of = [&](const std::string& zddm) {
        const int local = zddm.size() >= 9 ? std::stoi(zddm.substr(6, 3)) : 0;
        for (const auto& t : twps_)
            if (t.local_index == local && zddm.compare(0, 6, t.county_code) == 0) return t.name;
        return std::string();
    };
    struct Row { const char* date; const char* area_mu; const char* method; bool town; };
    const Row rows[] = {
        {"2022-09-15", "35.5", "收回", true},       {"2022-11-30", "62.25", "再开发", true},  {"2023-01-10", "18", "零增地技改", true},
        {"2023-03-22", "120.75", "转让", true},     {"2023-05-08", "44", "再开发", false},    {"2023-06-30", "210.5", "收回", true},
        {"2023-09-18", "27.25", "", true},          {"2023-11-06", "95", "零增地技改", true},  {"2024-02-20", "66", "转让", true},
    };
    std::ofstream f(cfg_.out_dir + "/盘活台账.csv", std::ios::binary);
    f << "\xEF\xBB\xBF" << cfg_.county_name << "低效工业用地盘活台账（2022—2023年）,,,,,\r\n";
    f << "编号,完成日期,盘活面积(亩),盘活方式,镇街,备注\r\n";
    double total = 0;
    std::size_t k = 0;
    for (const auto& r : rows) {
        std::string id, town;
        if (k == 4 && !batches.empty()) id = batches.front();
        else if (!parcels.empty()) {
            // spread over the county: every n-th parcel of the list
            id = parcels[(k * parcels.size()) / std::size(rows)];
            town = r.town ? town_of(id) : std::string();
        }
        else id = cfg_.county_code + "001001GB9" + pad(static_cast<long long>(k), 4);
        f << id << ',' << r.date << ',' << r.area_mu << ',' << r.method << ',' << town << ",\r\n";
        total += std::stod(r.area_mu);
        ++k;
    }
    f << "合计,," << fmt("%.2f", total) << ",,,\r\n";
    if (!f) throw std::runtime_error("cannot write " + cfg_.out_dir + "/盘活台账.csv");
}

GenConfig config_for(const std::string& mode) {
    GenConfig c;
    c.mode = mode;
    if (mode == "demo") {
        c.county_name = "演示县"; c.county_code = "330188"; c.townships_x = 3; c.townships_y = 2;
        c.target_parcels = 3200; c.defect_scale = 1; c.batch_density = 0.65; c.decisions = true;
    } else if (mode == "county") {
        c.county_name = "样本县"; c.county_code = "330189"; c.townships_x = 6; c.townships_y = 5;
        c.target_parcels = 200000; c.defect_scale = 60; c.lots_per_block_hint = 4.9; c.batch_density = 0.9;
    } else if (mode == "province") {
        c.county_name = "模拟县"; c.county_code = "339001"; c.townships_x = 20; c.townships_y = 15;
        c.target_parcels = 2000000; c.defect_scale = 600; c.gpkg = true; c.lots_per_block_hint = 4.9; c.batch_density = 0.9;
    } else {
        throw std::invalid_argument("unknown mode " + mode);
    }
    return c;
}

int generate(const GenConfig& cfg) {
    GDALAllRegister();
    // GeoPackage writes a timestamp into gpkg_contents; pin it so the same seed gives the same file.
    CPLSetConfigOption("OGR_CURRENT_DATE", "2024-01-01T00:00:00.000Z");
    CountyGen gen(cfg);
    return gen.run();
}

} // namespace tlgen
