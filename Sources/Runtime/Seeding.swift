/// How a seeded experiment gives each seat its own random generator.
public enum Seeding {
    /// How far apart the seeds of consecutive seeds' seats are: seat `i` of seed `s` draws from
    /// seed `s * 1000 + i`.
    public static let seatsPerSeed: UInt64 = 1000

    /// The seed seat `seat` of a run seeded `seed` draws its starting parameters from:
    /// `seed * 1000 + seat`, wrapping. (A run's number picks the stream of that seed.)
    ///
    /// Seats never share a generator: two seats drawing from one would start from the same
    /// parameters, so every run would begin symmetric and the seats would not be independent
    /// draws. Below 1000 seats, seats of different seeds never share one either, so the seeds of
    /// a sweep are independent. The prompt's `experiment` and the paper's commands both use
    /// this, so the same seed gives the same runs in both.
    public static func seat(_ seat: Int, of seed: UInt64) -> UInt64 { seed &* seatsPerSeed &+ UInt64(seat) }
}
