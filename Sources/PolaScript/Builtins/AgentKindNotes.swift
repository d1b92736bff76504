/// Why a builtin that needs one kind of agent cannot take another, and what to use instead:
/// the note under a refusal by `CallArguments.agent(_:of:)`.
enum AgentKindNotes {
    static func why(_ builtin: String, needs: AgentBox.Kind, got: AgentBox.Kind) -> String {
        switch (needs, got) {
        case (.exact, .sampled):
            "\(builtin) reads a policy over an exact game's states; a GRU agent's policy depends on the whole "
                + "history of play, so evaluate(g, a, b) scores it instead"
        case (.exact, .point):
            "\(builtin) reads a policy over an exact game's states; a point agent is a formula game's numbers: "
                + "x.params holds them and value(g, x, y) its values"
        case (.sampled, _):
            "\(builtin) plays the sampled games (ipd_history, coin_game), whose agents are made by gru(game, ...)"
        case (.point, _): "\(builtin) plays formula games, whose agents are points: point(g, 0.5)"
        case (.exact, .exact): needs.madeBy
        }
    }
}
