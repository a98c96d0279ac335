// geom::parallel_for and parallel_for_with_state: every item once, per-worker state made once on
// each worker with that worker's context, the lowest failing item's exception rethrown.
#include <catch2/catch.hpp>

#include <atomic>
#include <mutex>
#include <set>
#include <stdexcept>
#include <vector>

#include "geom/geos.hpp"
#include "geom/parallel.hpp"

using namespace tl;

TEST_CASE("parallel_for_with_state: every item once, state per worker", "[geom][parallel]") {
    geom::GeosContext caller;
    const unsigned threads = GENERATE(1u, 2u, 4u);
    const std::size_t n = 5000;
    std::vector<int> seen(n, 0);
    std::atomic<int> states{0};
    std::mutex m;
    std::set<GEOSContextHandle_t> contexts;
    struct State { GEOSContextHandle_t ctx; int items = 0; };
    geom::parallel_for_with_state(caller, n, threads,
        [&](geom::GeosContext& ctx) {
            ++states;
            std::lock_guard<std::mutex> lock(m);
            contexts.insert(ctx.get());
            return State{ctx.get()};
        },
        [&](geom::GeosContext& ctx, State& s, std::size_t i) {
            CHECK(s.ctx == ctx.get());   // the state belongs to this worker
            ++s.items;
            ++seen[i];
        });
    for (std::size_t i = 0; i < n; ++i) REQUIRE(seen[i] == 1);
    CHECK(states.load() >= 1);
    CHECK(states.load() <= static_cast<int>(threads));
    CHECK(static_cast<int>(contexts.size()) == states.load());   // one state per worker context
    // The caller's thread takes items too, but only once it has started its workers: when they are
    // quicker (a slow sanitizer build, a busy machine) they may leave it nothing, and no state is
    // made for nothing. So the caller's context is certain only when it runs alone.
    if (threads == 1) CHECK(contexts.count(caller.get()) == 1);
}

TEST_CASE("parallel_for: no items, and the lowest failing item's exception", "[geom][parallel]") {
    geom::GeosContext caller;
    int calls = 0;
    geom::parallel_for_with_state(caller, 0, 2, [&](geom::GeosContext&) { ++calls; return 0; },
                                  [&](geom::GeosContext&, int&, std::size_t) { ++calls; });
    CHECK(calls == 0);   // no state is made for nothing to do

    const unsigned threads = GENERATE(1u, 2u);
    try {
        geom::parallel_for(caller, 3000, threads, [&](geom::GeosContext&, std::size_t i) {
            if (i == 2100 || i == 2900) throw std::runtime_error("item " + std::to_string(i));
        });
        FAIL("no exception");
    } catch (const std::runtime_error& e) {
        CHECK(std::string(e.what()) == "item 2100");
    }
}
