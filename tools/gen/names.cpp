#include "names.hpp"

#include <cstdio>

namespace tlgen {

namespace {

const std::vector<std::string> kClassicTownships = {
    "城关街道", "东城镇", "西溪镇", "南湖街道", "北山镇", "青石乡", "临江街道", "白沙镇",
    "桃源镇", "龙泉乡", "大桥镇", "横塘镇", "清溪乡", "石门镇", "新港街道", "永丰镇",
    "长乐镇", "双溪乡", "金塘镇", "上塘街道", "梅林镇", "杨柳乡", "古城街道", "高桥镇",
    "塘下镇", "安康乡", "凤凰镇", "云峰乡", "湖埠镇", "花园街道"};

const std::vector<std::string> kSyllableA = {"东", "西", "南", "北", "新", "古", "金", "银", "青", "白",
    "石", "龙", "凤", "云", "清", "长", "永", "安", "兴", "和", "仙", "桃", "杏", "梅", "竹", "松", "柳", "湖", "江", "溪"};
const std::vector<std::string> kSyllableB = {"山", "桥", "塘", "浦", "港", "岙", "垟", "岭", "湾", "泉",
    "田", "坑", "源", "洋", "头", "口", "庄", "亭", "渡", "埠"};

// 字号 characters of typical Zhejiang private firms.
const std::vector<std::string> kBrandChars = {"华", "宇", "恒", "达", "鑫", "盛", "泰", "隆", "昌", "瑞",
    "丰", "源", "博", "诚", "信", "通", "新", "宏", "远", "海", "天", "正", "邦", "力", "凯", "旭", "嘉", "宁",
    "锦", "兴", "富", "明", "光", "创", "越", "舜", "金", "银", "永", "康", "美", "龙", "腾", "飞", "众", "鸿",
    "亿", "久", "顺", "利", "佳", "晨", "骏", "耀", "科", "立", "达", "伟", "德", "益"};

struct Industry { int code; const char* word; double weight; };
const std::vector<Industry> kIndustries = {
    {13, "食品", 2}, {14, "食品", 2}, {15, "饮料", 1}, {17, "纺织", 8}, {18, "服饰", 5}, {19, "皮革", 2},
    {20, "木业", 2}, {21, "家具", 3}, {22, "纸业", 2}, {23, "印务", 2}, {24, "文体用品", 2}, {26, "化工", 4},
    {27, "药业", 2}, {28, "化纤", 2}, {29, "橡胶", 2}, {30, "塑业", 6}, {31, "建材", 4}, {32, "钢铁", 1},
    {33, "有色金属", 2}, {34, "五金", 9}, {35, "机械", 12}, {36, "专用设备", 6}, {37, "汽车零部件", 7},
    {39, "电器", 8}, {40, "电子", 6}, {41, "仪表", 2}, {42, "工艺品", 2}, {43, "再生资源", 1}};

const std::vector<int>& codes_init() {
    static std::vector<int> v = [] { std::vector<int> r; for (auto& i : kIndustries) r.push_back(i.code); return r; }();
    return v;
}

} // namespace

std::string township_name(int i) {
    if (i < static_cast<int>(kClassicTownships.size())) return kClassicTownships[static_cast<std::size_t>(i)];
    // Composed names for large (province) runs: syllable A x syllable B x suffix, unique by index.
    const int k = i - static_cast<int>(kClassicTownships.size());
    const int na = static_cast<int>(kSyllableA.size()), nb = static_cast<int>(kSyllableB.size());
    const std::string base = kSyllableA[static_cast<std::size_t>(k % na)] + kSyllableB[static_cast<std::size_t>((k / na) % nb)];
    const int round = k / (na * nb);
    const char* suffix = (k % 5 == 0) ? "街道" : (k % 3 == 0 ? "乡" : "镇");
    return round == 0 ? base + suffix : base + std::to_string(round + 1) + suffix;
}

std::string industry_word(int hydm) {
    for (const auto& i : kIndustries) if (i.code == hydm) return i.word;
    return "实业";
}

const std::vector<int>& industry_codes() { return codes_init(); }

const std::vector<double>& industry_weights() {
    static std::vector<double> v = [] { std::vector<double> r; for (auto& i : kIndustries) r.push_back(i.weight); return r; }();
    return v;
}

static std::string brand(Rng& rng) {
    return rng.pick(kBrandChars) + rng.pick(kBrandChars);
}

std::string enterprise_name(Rng& rng, const std::string& county_name, int hydm) {
    const double r = rng.u01();
    const std::string prefix = r < 0.55 ? "浙江" : (r < 0.9 ? county_name : "");
    std::string name = prefix + brand(rng) + industry_word(hydm);
    if (prefix.empty()) name = brand(rng) + "(" + "浙江" + ")" + industry_word(hydm);
    name += rng.chance(0.12) ? "股份有限公司" : (rng.chance(0.1) ? "科技有限公司" : "有限公司");
    return name;
}

std::string developer_name(Rng& rng, const std::string& county_name) {
    return (rng.chance(0.5) ? county_name : std::string("浙江")) + brand(rng) + "房地产开发有限公司";
}

std::string commerce_name(Rng& rng, const std::string& county_name) {
    static const std::vector<std::string> kinds = {"商贸有限公司", "置业有限公司", "酒店管理有限公司",
        "商业管理有限公司", "物流有限公司", "贸易有限公司"};
    return county_name + brand(rng) + rng.pick(kinds);
}

std::string institution_name(Rng& rng, const std::string& county_name, const std::string& township) {
    static const std::vector<std::string> kinds = {"中心小学", "初级中学", "卫生院", "人民政府", "派出所",
        "文化站", "幼儿园", "敬老院"};
    if (rng.chance(0.15)) return county_name + (rng.chance(0.5) ? "人民医院" : "第二高级中学");
    return county_name + township + rng.pick(kinds);
}

std::string village_collective_name(Rng& rng, const std::string& township) {
    (void)township;
    return rng.pick(kSyllableA) + rng.pick(kSyllableB) + "村股份经济合作社";
}

std::string social_credit_code(const std::string& county_code, long long serial) {
    // Organisation code body: 8 digits, then its GB 11714 check character.
    char body[24];
    std::snprintf(body, sizeof body, "%08lld", (serial * 7919 + 13579) % 100000000LL);
    static const int w_org[8] = {3, 7, 9, 10, 5, 8, 4, 2};
    int sum = 0;
    for (int i = 0; i < 8; ++i) sum += (body[i] - '0') * w_org[i];
    const int c9 = 11 - sum % 11;
    const char org_check = c9 == 10 ? 'X' : (c9 == 11 ? '0' : static_cast<char>('0' + c9));
    std::string code = "91" + county_code + body + org_check;
    // GB 32100 check character over the 31-character alphabet.
    static const std::string alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    static const int w[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
    int s = 0;
    for (int i = 0; i < 17; ++i) s += static_cast<int>(alphabet.find(code[static_cast<std::size_t>(i)])) * w[i];
    const int c = (31 - s % 31) % 31;
    code += alphabet[static_cast<std::size_t>(c)];
    return code;
}

} // namespace tlgen
