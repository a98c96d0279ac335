// parallel_for: per-item GEOS work on several threads, one GeosContext each.
//
// job(ctx, i) runs once for every i in [0, n), on `threads` workers (0 = all cores; 1, or too
// few items to be worth a thread, = the caller's thread and context). Items are handed out in
// chunks; each job writes its result into slot i of a vector the caller owns, and the caller
// merges the slots in index order afterwards, so the outcome never depends on the thread count.
// The caller's thread is one of the workers (with the caller's context). A geometry made by a
// worker must leave the job owned by the caller's context (GeomPtr's
// deleter: `ptr.get_deleter().ctx = caller.get()`), because the worker contexts end with the
// call. An exception thrown by a job is rethrown on the caller's thread once every worker has
// stopped (the one of the lowest item when several threw).
#pragma once
#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <system_error>
#include <thread>
#include <vector>

#include "geom/geos.hpp"

namespace tl::geom {

// The same with per-worker state: make_state(ctx) runs once on each worker, with that worker's
// context, before its first item (prepared geometries, say, which GEOS builds lazily and so cannot
// be shared between threads); job(ctx, state, i). The state ends before its worker's context.
template <typename MakeState, typename Job>
void parallel_for_with_state(GeosContext& caller, std::size_t n, unsigned threads, MakeState&& make_state, Job&& job) {
    constexpr std::size_t kChunk = 256;
    if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
    threads = static_cast<unsigned>(std::min<std::size_t>(threads, (n + kChunk - 1) / kChunk));
    if (threads <= 1) {
        if (n == 0) return;
        auto state = make_state(caller);
        for (std::size_t i = 0; i < n; ++i) job(caller, state, i);
        return;
    }
    std::atomic<std::size_t> next{0};
    std::atomic<bool> failed{false};
    std::mutex error_mutex;
    std::exception_ptr first_error;
    std::size_t first_error_item = n;
    const auto fail = [&](std::size_t i) {
        std::lock_guard<std::mutex> lock(error_mutex);
        if (i < first_error_item) {
            first_error_item = i;
            first_error = std::current_exception();
        }
        failed = true;
    };
    const auto work = [&](GeosContext& ctx) {
        std::size_t begin = next.fetch_add(kChunk);
        if (begin >= n) return;
        try {
            auto state = make_state(ctx);
            while (!failed.load(std::memory_order_relaxed) && begin < n) {
                const std::size_t end = std::min(n, begin + kChunk);
                for (std::size_t i = begin; i < end; ++i) {
                    try {
                        job(ctx, state, i);
                    } catch (...) {
                        fail(i);
                        return;
                    }
                }
                begin = next.fetch_add(kChunk);
            }
        } catch (...) {
            fail(begin);   // make_state failed
        }
    };
    // The caller's thread works too, with the caller's context; a thread the system refuses to start
    // only leaves more items for the others.
    std::vector<std::thread> pool;
    pool.reserve(threads - 1);
    try {
        for (unsigned t = 1; t < threads; ++t) pool.emplace_back([&]() {
            GeosContext ctx;
            work(ctx);
        });
    } catch (const std::system_error&) {
    }
    work(caller);
    for (auto& th : pool) th.join();
    if (first_error) std::rethrow_exception(first_error);
}

template <typename Job>
void parallel_for(GeosContext& caller, std::size_t n, unsigned threads, Job&& job) {
    struct None {};
    parallel_for_with_state(caller, n, threads, [](GeosContext&) { return None{}; },
                            [&](GeosContext& ctx, None&, std::size_t i) { job(ctx, i); });
}

} // namespace tl::geom
