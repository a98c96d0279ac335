#include "io/encoding.hpp"

#include <cerrno>
#include <cstdio>
#include <fstream>
#include <stdexcept>

namespace tl::io::encoding {

namespace {

// Length of the UTF-8 sequence starting at s[i] if it is valid and complete; 0 if invalid;
// -1 if it is a valid beginning cut off by the end of the input.
int utf8_seq(std::string_view s, std::size_t i) noexcept {
    const auto b0 = static_cast<unsigned char>(s[i]);
    if (b0 < 0x80) return 1;
    int len;
    unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte (RFC 3629 table)
    if (b0 >= 0xC2 && b0 <= 0xDF) len = 2;
    else if (b0 == 0xE0) { len = 3; lo = 0xA0; }
    else if (b0 >= 0xE1 && b0 <= 0xEC) len = 3;
    else if (b0 == 0xED) { len = 3; hi = 0x9F; }  // no UTF-16 surrogates
    else if (b0 >= 0xEE && b0 <= 0xEF) len = 3;
    else if (b0 == 0xF0) { len = 4; lo = 0x90; }
    else if (b0 >= 0xF1 && b0 <= 0xF3) len = 4;
    else if (b0 == 0xF4) { len = 4; hi = 0x8F; }
    else return 0;
    for (int k = 1; k < len; ++k) {
        if (i + k >= s.size()) return -1;
        const auto b = static_cast<unsigned char>(s[i + k]);
        const unsigned char l = (k == 1) ? lo : 0x80, h = (k == 1) ? hi : 0xBF;
        if (b < l || b > h) return 0;
    }
    return len;
}

// Code points of valid UTF-8 `s`; counts those that Chinese text is made of.
void count_chars(std::string_view s, std::int64_t& chars, std::int64_t& cjk) noexcept {
    std::size_t i = 0;
    while (i < s.size()) {
        const int len = utf8_seq(s, i);
        if (len <= 0) return;
        char32_t cp = static_cast<unsigned char>(s[i]);
        if (len > 1) {
            cp &= (0xFFu >> (len + 1));
            for (int k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3Fu);
        }
        i += static_cast<std::size_t>(len);
        if (cp < 0x80) continue;  // ASCII says nothing about the encoding
        ++chars;
        const bool chinese = (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
                             (cp >= 0xF900 && cp <= 0xFAFF) ||  // ideographs
                             (cp >= 0x3000 && cp <= 0x303F) ||  // 、。《》【】
                             (cp >= 0xFF00 && cp <= 0xFFEF) ||  // fullwidth （）０-９
                             (cp >= 0x2010 && cp <= 0x2027) ||  // — “ ” …
                             (cp >= 0x2160 && cp <= 0x217F) ||  // Ⅱ
                             (cp >= 0x2460 && cp <= 0x24FF) ||  // ①
                             cp == 0x00B7 || cp == 0x00D7 || cp == 0x00B1;  // · × ±
        if (chinese) ++cjk;
    }
}

std::string squash(std::string_view name) {
    std::string out;
    for (char c : name) {
        if (c == '-' || c == '_' || c == ' ' || c == '\t') continue;
        out += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
    }
    return out;
}

bool iconv_knows(const std::string& name) {
    iconv_t cd = iconv_open("UTF-8", name.c_str());
    if (cd == reinterpret_cast<iconv_t>(-1)) return false;
    iconv_close(cd);
    return true;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n' || s.back() == '\0'))
        s.remove_suffix(1);
    return s;
}

} // namespace

bool is_ascii(std::string_view bytes) noexcept {
    for (char c : bytes)
        if (static_cast<unsigned char>(c) >= 0x80) return false;
    return true;
}

std::size_t valid_utf8_prefix(std::string_view bytes) noexcept {
    std::size_t i = 0;
    while (i < bytes.size()) {
        const int len = utf8_seq(bytes, i);
        if (len <= 0) return i;
        i += static_cast<std::size_t>(len);
    }
    return i;
}

bool is_valid_utf8(std::string_view bytes) noexcept { return valid_utf8_prefix(bytes) == bytes.size(); }

std::optional<std::string> canonical_name(std::string_view name) {
    const std::string s = squash(trim(name));
    if (s.empty()) return std::nullopt;
    if (s == "UTF8" || s == "65001" || s == "CP65001") return "UTF-8";
    if (s == "GBK" || s == "CP936" || s == "936" || s == "MS936" || s == "WINDOWS936" || s == "GB2312" ||
        s == "EUCCN" || s == "ANSI936")
        return "GBK";
    if (s == "GB18030" || s == "54936") return "GB18030";
    if (s == "BIG5" || s == "CP950" || s == "950") return "CP950";
    if (s == "LATIN1" || s == "ISO88591" || s == "88591" || s == "ISO8859" || s == "28591") return "ISO-8859-1";
    if (s == "ASCII" || s == "USASCII" || s == "20127") return "ASCII";
    std::string candidate(trim(name));
    bool digits = !s.empty();
    for (char c : s) digits = digits && c >= '0' && c <= '9';
    if (digits) candidate = "CP" + s;                                   // "1252" -> CP1252
    else if (s.rfind("WINDOWS", 0) == 0) candidate = "CP" + s.substr(7);  // "windows-1252"
    else if (s.rfind("ANSI", 0) == 0 && s.size() > 4) candidate = "CP" + s.substr(4);
    if (iconv_knows(candidate)) {
        std::string upper;
        for (char c : candidate) upper += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
        return upper;
    }
    return std::nullopt;
}

std::optional<std::string> from_cpg_text(std::string_view contents) {
    // Strip a UTF-8 BOM some editors add.
    if (contents.size() >= 3 && contents.substr(0, 3) == "\xEF\xBB\xBF") contents.remove_prefix(3);
    const std::string s = squash(trim(contents));
    if (s.empty() || s == "SYSTEM" || s == "ANSI" || s == "OEM") return std::nullopt;
    return canonical_name(trim(contents));
}

std::optional<std::string> from_ldid(std::uint8_t ldid) noexcept {
    // The language-driver ids of dBASE/Visual FoxPro as ArcGIS and GDAL read them
    // (ESRI "Code page support for shapefiles"; GDAL ogr/ogrsf_frmts/shape/ogrshapelayer.cpp).
    // 0x57 is "ANSI" (the writer's system code page): it tells us nothing we can trust.
    switch (ldid) {
        case 0x01: case 0x09: case 0x0B: case 0x0D: case 0x0F: case 0x11: case 0x15: case 0x18: case 0x19:
        case 0x1B: return "CP437";
        case 0x02: case 0x0A: case 0x0E: case 0x10: case 0x12: case 0x14: case 0x16: case 0x1A: case 0x1D:
        case 0x25: case 0x37: return "CP850";
        case 0x03: case 0x58: case 0x59: return "CP1252";
        case 0x08: case 0x17: case 0x66: return "CP865";
        case 0x13: case 0x7B: return "CP932";
        case 0x1C: case 0x6C: return "CP863";
        case 0x1F: case 0x22: case 0x23: case 0x40: case 0x64: case 0x87: return "CP852";
        case 0x24: return "CP860";
        case 0x26: case 0x65: return "CP866";
        case 0x4D: case 0x7A: return "GBK";        // 936: Simplified Chinese
        case 0x4E: case 0x79: return "CP949";      // Korean
        case 0x4F: case 0x78: return "CP950";      // Traditional Chinese (Big5)
        case 0x50: case 0x7C: return "CP874";      // Thai
        case 0x67: return "CP861";
        case 0x6A: case 0x86: return "CP737";
        case 0x6B: case 0x88: return "CP857";
        case 0xC8: return "CP1250";
        case 0xC9: return "CP1251";
        case 0xCA: return "CP1254";
        case 0xCB: return "CP1253";
        case 0xCC: return "CP1257";
        default: return std::nullopt;
    }
}

std::optional<std::uint8_t> read_dbf_ldid(const std::filesystem::path& dbf) {
    std::ifstream in(dbf, std::ios::binary);
    if (!in) return std::nullopt;
    char header[32];
    if (!in.read(header, sizeof header)) return std::nullopt;
    return static_cast<std::uint8_t>(header[29]);
}

std::string hex_bytes(std::string_view bytes) {
    std::string out;
    char buf[4];
    for (char c : bytes) {
        if (!out.empty()) out += ' ';
        std::snprintf(buf, sizeof buf, "%02x", static_cast<unsigned char>(c));
        out += buf;
    }
    return out;
}

Decoder::Decoder(const std::string& encoding) : m_encoding(encoding), m_utf8(encoding == "UTF-8") {
    if (m_utf8) return;
    // The Chinese code pages and Latin-1 keep bytes below 0x80 as ASCII (no shift states):
    // ASCII text needs no iconv call there.
    m_ascii_compatible = encoding == "GBK" || encoding == "GB18030" || encoding == "CP950" || encoding == "ISO-8859-1";
    m_cd = iconv_open("UTF-8", encoding.c_str());
    if (m_cd == reinterpret_cast<iconv_t>(-1)) throw std::invalid_argument("iconv does not know encoding " + encoding);
}

Decoder::~Decoder() {
    if (m_cd != reinterpret_cast<iconv_t>(-1)) iconv_close(m_cd);
}

Decoder::Decoder(Decoder&& other) noexcept
    : m_encoding(std::move(other.m_encoding)), m_utf8(other.m_utf8), m_ascii_compatible(other.m_ascii_compatible), m_cd(other.m_cd) {
    other.m_cd = reinterpret_cast<iconv_t>(-1);
}

Decoded Decoder::decode(std::string_view bytes) {
    Decoded out;
    if (m_utf8) {
        const std::size_t n = valid_utf8_prefix(bytes);
        out.text.assign(bytes.substr(0, n));
        if (n < bytes.size()) {
            out.complete = false;
            out.bad_offset = n;
            out.truncated = utf8_seq(bytes, n) == -1;
        }
        return out;
    }
    if (m_ascii_compatible && is_ascii(bytes)) {
        out.text.assign(bytes);
        return out;
    }
    iconv(m_cd, nullptr, nullptr, nullptr, nullptr);  // reset shift state
    std::string buf(bytes.size() * 4 + 16, '\0');
    char* in = const_cast<char*>(bytes.data());
    std::size_t in_left = bytes.size();
    char* outp = buf.data();
    std::size_t out_left = buf.size();
    while (in_left > 0) {
        const std::size_t r = iconv(m_cd, &in, &in_left, &outp, &out_left);
        if (r != static_cast<std::size_t>(-1)) break;
        if (errno == E2BIG) {
            const std::size_t used = static_cast<std::size_t>(outp - buf.data());
            buf.resize(buf.size() * 2);
            outp = buf.data() + used;
            out_left = buf.size() - used;
            continue;
        }
        // EILSEQ: an invalid sequence; EINVAL: a sequence cut off by the end of the input.
        out.complete = false;
        out.truncated = (errno == EINVAL);
        out.bad_offset = bytes.size() - in_left;
        break;
    }
    buf.resize(static_cast<std::size_t>(outp - buf.data()));
    out.text = std::move(buf);
    return out;
}

ByteSniffer::ByteSniffer() : m_gbk("GBK") {}

void ByteSniffer::add(std::string_view bytes) {
    if (is_ascii(bytes)) return;
    ++m_values;
    const std::size_t n = valid_utf8_prefix(bytes);
    if (n == bytes.size() || utf8_seq(bytes, n) == -1) {
        ++m_utf8_fit;
        count_chars(bytes.substr(0, n), m_utf8_chars, m_utf8_cjk);
    }
    const Decoded g = m_gbk.decode(bytes);
    if (g.complete || g.truncated) {
        ++m_gbk_fit;
        count_chars(g.text, m_gbk_chars, m_gbk_cjk);
    }
}

ByteSniffer::Decision ByteSniffer::decide() const {
    Decision d;
    d.values = m_values;
    d.utf8_fit = m_utf8_fit;
    d.gbk_fit = m_gbk_fit;
    if (m_values == 0) {
        d.encoding = "ASCII";
        return d;
    }
    const bool utf8_all = m_utf8_fit == m_values, gbk_all = m_gbk_fit == m_values;
    if (utf8_all && gbk_all) {
        // Compare the Chinese share of the decoded characters: cjk_u/chars_u >= cjk_g/chars_g.
        const auto lhs = m_utf8_cjk * (m_gbk_chars > 0 ? m_gbk_chars : 1);
        const auto rhs = m_gbk_cjk * (m_utf8_chars > 0 ? m_utf8_chars : 1);
        d.encoding = lhs >= rhs ? "UTF-8" : "GBK";
    } else if (utf8_all) {
        d.encoding = "UTF-8";
    } else if (gbk_all) {
        d.encoding = "GBK";
    } else {
        d.uncertain = true;
        d.encoding = m_utf8_fit >= m_gbk_fit ? "UTF-8" : "GBK";
    }
    return d;
}

std::size_t display_width(std::string_view s) noexcept {
    std::size_t w = 0;
    for (std::size_t i = 0; i < s.size();) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        const std::size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : 4;
        w += n >= 3 ? 2 : 1;
        i += n;
    }
    return w;
}

} // namespace tl::io::encoding
