// Encoding decisions and strict decoding (io/encoding.hpp).
#include <catch2/catch.hpp>

#include "io/encoding.hpp"

namespace enc = tl::io::encoding;

TEST_CASE("encoding names from users and .cpg files map to iconv names", "[io][encoding]") {
    CHECK(enc::canonical_name("utf8") == "UTF-8");
    CHECK(enc::canonical_name("UTF-8") == "UTF-8");
    CHECK(enc::canonical_name("gbk") == "GBK");
    CHECK(enc::canonical_name("cp936") == "GBK");
    CHECK(enc::canonical_name("GB2312") == "GBK");
    CHECK(enc::canonical_name("gb18030") == "GB18030");
    CHECK(enc::canonical_name("1252") == "CP1252");
    CHECK(enc::canonical_name("windows-1251") == "CP1251");
    CHECK_FALSE(enc::canonical_name("klingon"));
    CHECK_FALSE(enc::canonical_name(""));
    CHECK(enc::from_cpg_text("UTF-8\r\n") == "UTF-8");
    CHECK(enc::from_cpg_text("936") == "GBK");
    CHECK(enc::from_cpg_text("ANSI 936") == "GBK");
    CHECK(enc::from_cpg_text("88591") == "ISO-8859-1");
    CHECK_FALSE(enc::from_cpg_text("system"));
    CHECK_FALSE(enc::from_cpg_text("   "));
}

TEST_CASE("DBF language-driver ids", "[io][encoding]") {
    CHECK(enc::from_ldid(0x4D) == "GBK");
    CHECK(enc::from_ldid(0x7A) == "GBK");
    CHECK(enc::from_ldid(0x4F) == "CP950");
    CHECK(enc::from_ldid(0x03) == "CP1252");
    CHECK(enc::from_ldid(0xC9) == "CP1251");
    CHECK_FALSE(enc::from_ldid(0x00));
    CHECK_FALSE(enc::from_ldid(0x57));  // ANSI: the writer's code page, unknown to us
    CHECK_FALSE(enc::from_ldid(0xFF));
}

TEST_CASE("strict GBK decoding keeps the decodable prefix", "[io][encoding]") {
    enc::Decoder gbk("GBK");
    auto ok = gbk.decode("\xB2\xE2\xCA\xD4");  // 测试
    CHECK(ok.complete);
    CHECK(ok.text == "测试");
    auto cut = gbk.decode("\xEA\xB4\xA8");  // 甏 + a lead byte cut off by the field width
    CHECK_FALSE(cut.complete);
    CHECK(cut.truncated);
    CHECK(cut.bad_offset == 2);
    CHECK(cut.text == "甏");
    auto bad = gbk.decode("A\xFF" "B");  // 0xFF is never a GBK byte
    CHECK_FALSE(bad.complete);
    CHECK_FALSE(bad.truncated);
    CHECK(bad.text == "A");
    CHECK(bad.bad_offset == 1);
}

TEST_CASE("strict UTF-8 validation", "[io][encoding]") {
    CHECK(enc::is_valid_utf8("宗地"));
    CHECK_FALSE(enc::is_valid_utf8("\xC0\xAF"));      // overlong
    CHECK_FALSE(enc::is_valid_utf8("\xED\xA0\x80"));  // surrogate
    enc::Decoder utf8("UTF-8");
    auto cut = utf8.decode("宗\xE5\x9C");  // 宗 + 2 of the 3 bytes of 地
    CHECK_FALSE(cut.complete);
    CHECK(cut.truncated);
    CHECK(cut.text == "宗");
    CHECK(enc::hex_bytes("\xEA\xB4\xA8") == "ea b4 a8");
}

TEST_CASE("byte sniffing tells UTF-8, GBK and ASCII apart", "[io][encoding]") {
    {
        enc::ByteSniffer s;
        s.add("ZD001");
        s.add("abc");
        CHECK(s.decide().encoding == "ASCII");
    }
    {
        enc::ByteSniffer s;
        s.add("临海市");
        s.add("杜桥镇");
        CHECK(s.decide().encoding == "UTF-8");
    }
    {
        // GBK 辖 (cf bd) is also valid UTF-8 (U+03FD): the Chinese-looking reading wins.
        enc::ByteSniffer s;
        s.add("\xCF\xBD");
        CHECK(s.decide().encoding == "GBK");
        CHECK_FALSE(s.decide().uncertain);
    }
    {
        enc::ByteSniffer s;
        s.add("\xC1\xD9\xBA\xA3");   // 临海 in GBK
        s.add("\xEA\xB4\xA8");       // truncated GBK
        auto d = s.decide();
        CHECK(d.encoding == "GBK");
        CHECK_FALSE(d.uncertain);
    }
    {
        enc::ByteSniffer s;
        s.add("\xFF\xFF");
        CHECK(s.decide().uncertain);
    }
}

#include "io/gdal.hpp"

TEST_CASE("connection strings in messages hide the password", "[io][gdal]") {
    using tl::io::gdal::display_source;
    CHECK(display_source("PG:dbname=gis host=db password=s3cret user=u") == "PG:dbname=gis host=db password=*** user=u");
    CHECK(display_source("PG:dbname=gis PASSWORD = 'a b c' port=5432") == "PG:dbname=gis PASSWORD = *** port=5432");
    CHECK(display_source("/data/parcels.shp") == "/data/parcels.shp");
    CHECK(display_source("PG:password=x password=y") == "PG:password=*** password=***");
}
