// Text encodings of county data: naming them, finding the declared one, guessing from the
// bytes, and decoding strictly to UTF-8.
//
// County shapefiles are mostly GBK (CP936): written by ArcGIS/MapGIS/南方CASS on a Chinese
// Windows, often with no .cpg and a DBF language-driver byte of 0 ("none") or 0x57 ("ANSI",
// i.e. whatever the writer's Windows code page was). A reader that trusts the default
// (ISO-8859-1) produces mojibake that then looks like valid data, so tenglong decides from
// evidence (reader.hpp lists the order) and decodes strictly: a byte sequence that is not
// valid in the decided encoding is reported, never replaced silently.
#pragma once
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include <iconv.h>

namespace tl::io::encoding {

bool is_ascii(std::string_view bytes) noexcept;
bool is_valid_utf8(std::string_view bytes) noexcept;
// Length of the longest prefix of `bytes` that is valid UTF-8 and ends on a character boundary.
std::size_t valid_utf8_prefix(std::string_view bytes) noexcept;
// Terminal display width of UTF-8 text: CJK (3- and 4-byte sequences) take two columns (for
// aligning `init` comments and `inspect` columns).
std::size_t display_width(std::string_view utf8) noexcept;

// The iconv name tenglong uses for an encoding name as users, .cpg files and other tools
// write it, matched ignoring case, '-', '_' and spaces: "utf8" -> "UTF-8", "gbk", "cp936",
// "936", "gb2312" -> "GBK" (GBK is a superset of GB2312: files labelled GB2312 routinely hold
// GBK characters such as 镕), "gb18030" -> "GB18030", "1252" -> "CP1252", "latin1" ->
// "ISO-8859-1". std::nullopt when glibc's iconv does not know the encoding.
std::optional<std::string> canonical_name(std::string_view name);

// The encoding a .cpg file declares ("UTF-8", "936", "ANSI 936", "GBK", "88591", ...);
// std::nullopt when it says nothing usable ("", "system", "ANSI", "OEM") or an unknown name.
std::optional<std::string> from_cpg_text(std::string_view contents);

// The encoding a DBF language-driver id (header byte 29) declares. std::nullopt for 0x00 (none),
// 0x57 (ANSI: the writer's system code page, which we cannot know) and ids we do not map.
std::optional<std::string> from_ldid(std::uint8_t ldid) noexcept;

// Header byte 29 of a .dbf file; std::nullopt when the file cannot be read or is too short.
std::optional<std::uint8_t> read_dbf_ldid(const std::filesystem::path& dbf);

// "ea b4 a8"
std::string hex_bytes(std::string_view bytes);

struct Decoded {
    std::string text;          // UTF-8: all of the input, or the decodable prefix
    bool complete = true;      // false: the input did not decode entirely
    std::size_t bad_offset = 0;  // where decoding stopped (byte offset in the input) when !complete
    bool truncated = false;    // the input ends inside a multibyte character (cut by a field width)
}; // struct Decoded

// Strict decoder from one encoding to UTF-8 (glibc iconv). Not thread-safe: one per reader.
class Decoder {
public:
    // `encoding` must be a name canonical_name() returned; throws std::invalid_argument otherwise.
    explicit Decoder(const std::string& encoding);
    ~Decoder();
    Decoder(Decoder&& other) noexcept;
    Decoder& operator=(Decoder&&) = delete;
    Decoder(const Decoder&) = delete;
    Decoder& operator=(const Decoder&) = delete;

    const std::string& encoding() const noexcept { return m_encoding; }
    Decoded decode(std::string_view bytes);

private:
    std::string m_encoding;
    bool m_utf8 = false;                 // UTF-8 is validated, not converted
    bool m_ascii_compatible = false;     // ASCII bytes decode to themselves (copied, no iconv)
    iconv_t m_cd = reinterpret_cast<iconv_t>(-1);
}; // class Decoder

// Decides between UTF-8 and GBK from the text values of a source (step 4 of reader.hpp).
//
// Each value with non-ASCII bytes is tried in both encodings. A value "fits" an encoding when
// it decodes entirely or only its last character is cut off (a DBF field width cuts bytes, not
// characters). An encoding that fits every value is a candidate; when both are, the one whose
// decoded text is more Chinese-looking (CJK ideographs and punctuation) wins, because short GBK
// values are often valid UTF-8 by accident (GBK 辖 = cf bd = UTF-8 "Ͻ"), ties go to UTF-8. When
// neither fits every value, the one that fits more values wins and the decision is `uncertain`.
class ByteSniffer {
public:
    ByteSniffer();
    void add(std::string_view bytes);

    struct Decision {
        std::string encoding;   // "ASCII", "UTF-8" or "GBK"
        bool uncertain = false;
        std::int64_t values = 0;       // non-ASCII values seen
        std::int64_t utf8_fit = 0;
        std::int64_t gbk_fit = 0;
    };
    Decision decide() const;

private:
    Decoder m_gbk;
    std::int64_t m_values = 0;
    std::int64_t m_utf8_fit = 0, m_gbk_fit = 0;
    std::int64_t m_utf8_chars = 0, m_utf8_cjk = 0;
    std::int64_t m_gbk_chars = 0, m_gbk_cjk = 0;
}; // class ByteSniffer

} // namespace tl::io::encoding
