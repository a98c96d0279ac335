// Portable pseudo-random numbers for the sample-county generator.
//
// std::mt19937_64's output sequence is fixed by the C++ standard, but the std:: distributions are
// not (libstdc++ and libc++ give different numbers), so every distribution here is written out by
// hand with +, -, *, / and sqrt only. No libm transcendental (log, cos, exp) is used: those are not
// guaranteed to round the same way everywhere, and one different bit would change the files.
#pragma once
#include <cstddef>
#include <cstdint>
#include <random>
#include <string_view>
#include <vector>

namespace tlgen {

// SplitMix64 step: derives independent sub-seeds from (seed, tag, index) so that one part of the
// county (one block, one layer) does not shift the random stream of every other part.
constexpr std::uint64_t splitmix64(std::uint64_t x) noexcept {
    x += 0x9E3779B97F4A7C15ULL;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
}

constexpr std::uint64_t hash_tag(std::string_view tag) noexcept {
    std::uint64_t h = 1469598103934665603ULL;  // FNV-1a
    for (char c : tag) { h ^= static_cast<unsigned char>(c); h *= 1099511628211ULL; }
    return h;
}

class Rng {
public:
    explicit Rng(std::uint64_t seed) : engine_(seed) {}
    Rng(std::uint64_t seed, std::string_view tag, std::uint64_t index = 0)
        : engine_(splitmix64(seed ^ splitmix64(hash_tag(tag) + splitmix64(index)))) {}

    std::uint64_t next() { return engine_(); }
    // Uniform in [0, 1) with 53 random bits.
    double u01() { return static_cast<double>(engine_() >> 11) * (1.0 / 9007199254740992.0); }
    double uniform(double lo, double hi) { return lo + (hi - lo) * u01(); }
    // Uniform integer in [lo, hi] (inclusive). Multiply-shift on 32 bits: the tiny bias does not
    // matter for synthetic data, the determinism does.
    long long int_in(long long lo, long long hi) {
        const std::uint64_t span = static_cast<std::uint64_t>(hi - lo) + 1;
        return lo + static_cast<long long>((engine_() >> 32) * span >> 32);
    }
    bool chance(double p) { return u01() < p; }
    // Approximately normal (Irwin-Hall of 4 uniforms), mean 0, sd 1, bounded to about +-3.5.
    double normalish() { return (u01() + u01() + u01() + u01() - 2.0) * 1.7320508075688772; }
    // Right-skewed value in [lo, hi]: u^k puts most mass near lo (k = 2 or 3 typical).
    double skewed(double lo, double hi, int k) {
        double u = u01(), p = 1.0;
        for (int i = 0; i < k; ++i) p *= u;
        return lo + (hi - lo) * p;
    }
    template <class T> const T& pick(const std::vector<T>& v) { return v[static_cast<std::size_t>(int_in(0, static_cast<long long>(v.size()) - 1))]; }
    // Index chosen with the given weights.
    std::size_t weighted(const std::vector<double>& w) {
        double total = 0; for (double x : w) total += x;
        double r = u01() * total;
        for (std::size_t i = 0; i < w.size(); ++i) { if (r < w[i]) return i; r -= w[i]; }
        return w.size() - 1;
    }

private:
    std::mt19937_64 engine_;
}; // class Rng

} // namespace tlgen
