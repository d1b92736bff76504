import COpenBLAS

/// The sampled half allocates and frees arrays of megabytes thousands of times per epoch (a
/// [2000, 192] GRU gate is 1.5 MB). glibc serves such sizes by `mmap` and returns them by `munmap`
/// (its threshold adapts only up to a point, and the heap's top is trimmed on free), so every new
/// array paid page faults and the kernel's zeroing of fresh pages (4% of the `dice-ipd-lola-update`
/// benchmark in `perf record`). Raising both thresholds keeps freed memory in the process for the next array.
/// Set once, before the first large `Float` array (the exact half's small arrays never reach it).
enum HeapSettings {
    static let configured: Void = {
        _ = mallopt(M_MMAP_THRESHOLD, 64 << 20)
        _ = mallopt(M_TRIM_THRESHOLD, 512 << 20)
    }()
}
