// tenglong's streaming GeoJSON writer: see geojson_writer.hpp.
#include "report/geojson_writer.hpp"

#include <cmath>
#include <cstdlib>
#include <cstring>

#include "core/errors.hpp"
#include "report/wgs84.hpp"

namespace tl::report {

namespace {

constexpr std::size_t kFlushBytes = std::size_t{1} << 20;

void append(fmt::memory_buffer& out, std::string_view s) { out.append(s.data(), s.data() + s.size()); }

// A coordinate already rounded to kGeoJsonDecimals (wgs84.cpp): its fixed text, trailing zeros
// and a bare point dropped. The rounding made the double the nearest one to this text, so GDAL
// reads back the very double GDAL's "%.15g" printed.
void append_coordinate(fmt::memory_buffer& out, double v) {
    if (!std::isfinite(v)) {
        append(out, "null");
        return;
    }
    char buf[400];
    auto r = fmt::format_to_n(buf, sizeof buf, "{:.{}f}", v, kGeoJsonDecimals);
    std::size_t n = std::min(r.size, sizeof buf);
    const char* dot = static_cast<const char*>(std::memchr(buf, '.', n));
    if (dot) {
        while (n > 0 && buf[n - 1] == '0') --n;
        if (n > 0 && buf[n - 1] == '.') --n;
    }
    if (n == 2 && buf[0] == '-' && buf[1] == '0') {   // no "-0"
        out.push_back('0');
        return;
    }
    out.append(buf, buf + n);
}

std::uint32_t read_u32(const unsigned char*& p, const unsigned char* end, bool little) {
    if (end - p < 4) throw std::runtime_error("truncated WKB");
    std::uint32_t v = 0;
    if (little) v = std::uint32_t(p[0]) | std::uint32_t(p[1]) << 8 | std::uint32_t(p[2]) << 16 | std::uint32_t(p[3]) << 24;
    else v = std::uint32_t(p[3]) | std::uint32_t(p[2]) << 8 | std::uint32_t(p[1]) << 16 | std::uint32_t(p[0]) << 24;
    p += 4;
    return v;
}

double read_f64(const unsigned char*& p, const unsigned char* end, bool little) {
    if (end - p < 8) throw std::runtime_error("truncated WKB");
    unsigned char b[8];
    if (little) std::memcpy(b, p, 8);
    else for (int i = 0; i < 8; ++i) b[i] = p[7 - i];
    p += 8;
    double v = 0;
    std::memcpy(&v, b, 8);
    return v;
}

struct Dims {
    bool z = false, m = false;
};

// One position [x,y] or [x,y,z] (M dropped); `empty` when every ordinate is NaN (an empty point).
void position(fmt::memory_buffer& out, const unsigned char*& p, const unsigned char* end, bool little, Dims d) {
    const double x = read_f64(p, end, little), y = read_f64(p, end, little);
    const double z = d.z ? read_f64(p, end, little) : 0.0;
    if (d.m) read_f64(p, end, little);
    out.push_back('[');
    append_coordinate(out, x);
    out.push_back(',');
    append_coordinate(out, y);
    if (d.z) {
        out.push_back(',');
        append_coordinate(out, z);
    }
    out.push_back(']');
}

void positions(fmt::memory_buffer& out, const unsigned char*& p, const unsigned char* end, bool little, Dims d) {
    const std::uint32_t n = read_u32(p, end, little);
    out.push_back('[');
    for (std::uint32_t i = 0; i < n; ++i) {
        if (i) out.push_back(',');
        position(out, p, end, little, d);
    }
    out.push_back(']');
}

void rings(fmt::memory_buffer& out, const unsigned char*& p, const unsigned char* end, bool little, Dims d) {
    const std::uint32_t n = read_u32(p, end, little);
    out.push_back('[');
    for (std::uint32_t i = 0; i < n; ++i) {
        if (i) out.push_back(',');
        positions(out, p, end, little, d);
    }
    out.push_back(']');
}

// A WKB header: byte order and (ISO) type, split into the base type and its dimensions.
std::uint32_t header(const unsigned char*& p, const unsigned char* end, bool& little, Dims& d) {
    if (end - p < 5) throw std::runtime_error("truncated WKB");
    little = *p++ == 1;
    const std::uint32_t type = read_u32(p, end, little);
    const std::uint32_t dims = (type % 10000) / 1000;
    d.z = dims == 1 || dims == 3;
    d.m = dims == 2 || dims == 3;
    return type % 1000;
}

// The coordinates member of one geometry of type `base` (the header read).
void coordinates(fmt::memory_buffer& out, std::uint32_t base, const unsigned char*& p, const unsigned char* end, bool little, Dims d) {
    switch (base) {
        case 1: {   // Point: an empty one is written with NaN ordinates
            const unsigned char* q = p;
            const double x = read_f64(q, end, little);
            if (std::isnan(x)) {
                p += 8 * (2 + d.z + d.m);
                append(out, "[]");
            } else {
                position(out, p, end, little, d);
            }
            return;
        }
        case 2: positions(out, p, end, little, d); return;
        case 3: rings(out, p, end, little, d); return;
        case 4:
        case 5:
        case 6: {
            const std::uint32_t n = read_u32(p, end, little);
            out.push_back('[');
            for (std::uint32_t i = 0; i < n; ++i) {
                if (i) out.push_back(',');
                bool l = little;
                Dims dd;
                const std::uint32_t part = header(p, end, l, dd);
                coordinates(out, part, p, end, l, dd);
            }
            out.push_back(']');
            return;
        }
        default: throw std::runtime_error("unsupported WKB geometry type");
    }
}

const char* type_name(std::uint32_t base) {
    switch (base) {
        case 1: return "Point";
        case 2: return "LineString";
        case 3: return "Polygon";
        case 4: return "MultiPoint";
        case 5: return "MultiLineString";
        case 6: return "MultiPolygon";
        case 7: return "GeometryCollection";
        default: return nullptr;
    }
}

// Length of a valid UTF-8 sequence starting at s[i] (1 to 4), or 0 when it is not one.
std::size_t utf8_length(std::string_view s, std::size_t i) {
    const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char c = b(i);
    const auto cont = [&](std::size_t k) { return k < s.size() && (b(k) & 0xC0) == 0x80; };
    if (c < 0x80) return 1;
    if (c >= 0xC2 && c <= 0xDF) return cont(i + 1) ? 2 : 0;
    if (c >= 0xE0 && c <= 0xEF) {
        if (!cont(i + 1) || !cont(i + 2)) return 0;
        if (c == 0xE0 && b(i + 1) < 0xA0) return 0;   // overlong
        if (c == 0xED && b(i + 1) >= 0xA0) return 0;  // surrogates
        return 3;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        if (!cont(i + 1) || !cont(i + 2) || !cont(i + 3)) return 0;
        if (c == 0xF0 && b(i + 1) < 0x90) return 0;
        if (c == 0xF4 && b(i + 1) >= 0x90) return 0;
        return 4;
    }
    return 0;
}

} // namespace

void append_json_string(fmt::memory_buffer& out, std::string_view s) {
    out.push_back('"');
    std::size_t i = 0;
    while (i < s.size()) {
        // A run of plain characters at once.
        std::size_t j = i;
        while (j < s.size()) {
            const unsigned char c = static_cast<unsigned char>(s[j]);
            if (c < 0x20 || c == '"' || c == '\\' || c >= 0x80) break;
            ++j;
        }
        out.append(s.data() + i, s.data() + j);
        i = j;
        if (i >= s.size()) break;
        const unsigned char c = static_cast<unsigned char>(s[i]);
        if (c >= 0x80) {
            const std::size_t n = utf8_length(s, i);
            if (n == 0) {
                append(out, "\xEF\xBF\xBD");   // U+FFFD for a byte that starts no valid sequence
                ++i;
            } else {
                out.append(s.data() + i, s.data() + i + n);
                i += n;
            }
            continue;
        }
        switch (c) {
            case '"': append(out, "\\\""); break;
            case '\\': append(out, "\\\\"); break;
            case '\n': append(out, "\\n"); break;
            case '\r': append(out, "\\r"); break;
            case '\t': append(out, "\\t"); break;
            case '\b': append(out, "\\b"); break;
            case '\f': append(out, "\\f"); break;
            default: fmt::format_to(std::back_inserter(out), "\\u{:04x}", static_cast<unsigned>(c)); break;
        }
        ++i;
    }
    out.push_back('"');
}

bool use_gdal_geojson_writer() {
    const char* v = std::getenv("TENGLONG_GEOJSON_WRITER");
    return v && std::string_view(v) == "gdal";
}

GeoJsonWriter::GeoJsonWriter(const std::filesystem::path& file, const Wgs84Geometries& wgs84) : m_file(file), m_wgs84(wgs84) {
    std::error_code ec;
    std::filesystem::remove(file, ec);
    m_out = std::fopen(file.string().c_str(), "wb");
    if (!m_out) throw IoError(file.string(), std::string("cannot create GeoJSON: ") + std::strerror(errno));
    append(m_buf, "{\"type\":\"FeatureCollection\",\"features\":[\n");
}

GeoJsonWriter::~GeoJsonWriter() {
    if (m_out) std::fclose(m_out);
}

void GeoJsonWriter::flush() {
    if (m_buf.size() && std::fwrite(m_buf.data(), 1, m_buf.size(), m_out) != m_buf.size()) m_failed = true;
    m_buf.clear();
}

void GeoJsonWriter::flush_if_full() {
    if (m_buf.size() >= kFlushBytes) flush();
}

void GeoJsonWriter::begin_feature() {
    if (m_features++) append(m_buf, ",\n");
    append(m_buf, "{\"type\":\"Feature\",\"properties\":{");
    m_first_prop = true;
    m_has_geometry = false;
}

void GeoJsonWriter::key(std::string_view k) {
    if (!m_first_prop) m_buf.push_back(',');
    m_first_prop = false;
    append_json_string(m_buf, k);
    m_buf.push_back(':');
}

void GeoJsonWriter::prop_null(std::string_view k) {
    key(k);
    append(m_buf, "null");
}

void GeoJsonWriter::prop_string(std::string_view k, std::string_view value) {
    key(k);
    append_json_string(m_buf, value);
}

void GeoJsonWriter::prop_integer(std::string_view k, std::int64_t value) {
    key(k);
    fmt::format_to(std::back_inserter(m_buf), "{}", value);
}

void GeoJsonWriter::prop_real(std::string_view k, double value) {
    key(k);
    if (!std::isfinite(value)) {
        append(m_buf, "null");
        return;
    }
    char buf[64];
    const auto r = fmt::format_to_n(buf, sizeof buf, "{}", value == 0 ? 0.0 : value);
    const std::string_view text(buf, std::min(r.size, sizeof buf));
    append(m_buf, text);
    if (text.find_first_of(".en") == std::string_view::npos) append(m_buf, ".0");
}

void GeoJsonWriter::prop_number_text(std::string_view k, std::string_view text, bool real) {
    key(k);
    if (text.empty()) {
        append(m_buf, "null");
        return;
    }
    append(m_buf, text);
    if (real && text.find_first_of(".eE") == std::string_view::npos) append(m_buf, ".0");
}

void GeoJsonWriter::geometry_wkb(const unsigned char*& p, const unsigned char* end) {
    bool little = true;
    Dims d;
    const std::uint32_t base = header(p, end, little, d);
    const char* name = type_name(base);
    if (!name) throw std::runtime_error("unsupported WKB geometry type");
    append(m_buf, "{\"type\":\"");
    append(m_buf, name);
    if (base == 7) {
        append(m_buf, "\",\"geometries\":[");
        const std::uint32_t n = read_u32(p, end, little);
        for (std::uint32_t i = 0; i < n; ++i) {
            if (i) m_buf.push_back(',');
            geometry_wkb(p, end);
        }
        append(m_buf, "]}");
        return;
    }
    append(m_buf, "\",\"coordinates\":");
    coordinates(m_buf, base, p, end, little, d);
    m_buf.push_back('}');
}

void GeoJsonWriter::geometry(const GEOSGeometry* g) {
    append(m_buf, "},\"geometry\":");
    m_has_geometry = true;
    if (!g) {
        append(m_buf, "null");
        return;
    }
    const auto [data, size] = m_wgs84.wkb(g);
    if (!data) throw IoError(m_file.string(), "cannot convert a geometry for GeoJSON");
    const unsigned char* p = data;
    try {
        geometry_wkb(p, data + size);
    } catch (const std::runtime_error& e) {
        throw IoError(m_file.string(), std::string("cannot convert a geometry for GeoJSON: ") + e.what());
    }
}

void GeoJsonWriter::end_feature() {
    if (!m_has_geometry) append(m_buf, "},\"geometry\":null");
    m_buf.push_back('}');
    flush_if_full();
}

void GeoJsonWriter::finish() {
    append(m_buf, m_features ? "\n]}\n" : "]}\n");
    flush();
    const bool closed = std::fclose(m_out) == 0;
    m_out = nullptr;
    if (m_failed || !closed) throw IoError(m_file.string(), "write failed (disk full?)");
}

} // namespace tl::report
