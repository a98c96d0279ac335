// Chinese names for the synthetic county: townships, enterprises, institutions, parks.
#pragma once
#include <string>
#include <vector>

#include "rng.hpp"

namespace tlgen {

// Township (镇街) name number `i` of `n`; the first ones are the classic county set
// (城关街道, 东城镇, ...), further ones are composed so that a province run stays unique.
std::string township_name(int i);

// Industry word for a GB/T 4754-2002 two-digit code, e.g. 35 -> "机械".
std::string industry_word(int hydm);
// The two-digit codes the generator draws from, with weights typical of a Zhejiang county.
const std::vector<int>& industry_codes();
const std::vector<double>& industry_weights();

// 浙江华宇机械有限公司, 演示县恒达塑业有限公司, ...
std::string enterprise_name(Rng& rng, const std::string& county_name, int hydm);
std::string developer_name(Rng& rng, const std::string& county_name);
std::string commerce_name(Rng& rng, const std::string& county_name);
std::string institution_name(Rng& rng, const std::string& county_name, const std::string& township);
std::string village_collective_name(Rng& rng, const std::string& township);

// 18-character unified social credit code (统一社会信用代码) with valid check characters
// (GB 32100-2015, organisation code per GB 11714-1997); `serial` makes it unique.
std::string social_credit_code(const std::string& county_code, long long serial);

} // namespace tlgen
