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

template <typename Job>
void parallel_for(GeosContext& caller, std::size_t n, unsigned threads, Job&& job) {
    constexpr std::size_t kChunk = 256;
    if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
    threads = static_cast<unsigned>(std::min<std::size_t>(threads, (n + kChunk - 1) / kChunk));
    if (threads <= 1) {
        for (std::size_t i = 0; i < n; ++i) job(caller, i);
        return;
    }
    std::atomic<std::size_t> next{0};
    std::atomic<bool> failed{false};
    std::mutex error_mutex;
    std::exception_ptr first_error;
    std::size_t first_error_item = n;
    const auto work = [&](GeosContext& ctx) {
        while (!failed.load(std::memory_order_relaxed)) {
            const std::size_t begin = next.fetch_add(kChunk);
            if (begin >= n) break;
            const std::size_t end = std::min(n, begin + kChunk);
            for (std::size_t i = begin; i < end; ++i) {
                try {
                    job(ctx, i);
                } catch (...) {
                    std::lock_guard<std::mutex> lock(error_mutex);
                    if (i < first_error_item) {
                        first_error_item = i;
                        first_error = std::current_exception();
                    }
                    failed = true;
                    break;
                }
            }
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

} // namespace tl::geom
