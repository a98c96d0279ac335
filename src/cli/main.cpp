#include "cli/app.hpp"

// jemalloc's options (src/CMakeLists.txt links it; without jemalloc this is an unused string).
// One arena per CPU, not one per new thread: each parallel stage starts new workers, and by
// default jemalloc hands each new thread the next of its 4 × cores arenas, where the memory a
// stage freed in the other arenas could not serve the next stage's (on the 200 000-parcel county
// the intensity stage's tables were built beside the verdicts freed in other arenas). Freed pages
// go back after 1 s, not 10. Measured on the county (issue 23, memory; README § Benchmark): peak
// RSS 2.14 → 1.91 GB, CPU unchanged.
extern "C" {
const char* malloc_conf = "percpu_arena:percpu,dirty_decay_ms:1000,muzzy_decay_ms:0";
}

int main(int argc, char** argv) { return tl::cli::run(argc, argv); }
