import Runtime
import TensorLayer

/// Two one-parameter games of the SOS paper's kind, written here (as `Tandem` is) so the
/// gradient-adjusting rules are checked on games that share nothing with the contribution game.

/// `L1 = c x^2 / 2 + x y`, `L2 = c y^2 / 2 - x y`: the bilinear game (`c = 0`, a pure rotation
/// around its fixed point at the origin) with a pull towards it (`c > 0`) or a push away
/// (`c < 0`). Its Jacobian is `H = [[c, 1], [-1, c]]` everywhere, so every rule's step has a
/// closed form.
struct Rotation: DifferentiableGame {
    let c: Double
    var agents: Int { 2 }

    func behaviour(of player: Tandem.Player) -> Tensor<Double> { player.parameters[0] }

    /// `[-L1, -L2]`, `[runs, 2]`.
    func values(_ behaviours: [Tensor<Double>]) -> Tensor<Double> {
        let (x, y) = (behaviours[0], behaviours[1])
        let l1 = 0.5 * c * x * x + x * y
        let l2 = 0.5 * c * y * y - x * y
        return Tensor.concatenate([-l1, -l2], axis: 1)
    }

    func divergence(reference: Tensor<Double>, current: Tensor<Double>) -> Tensor<Double> {
        let step = current - reference.detached()
        return (step * step).sum(axis: 1)
    }
}

/// Matching pennies as the SOS paper's notebook writes it: each agent's parameter is the logit
/// of playing heads, `p = sigmoid(x)`, `q = sigmoid(y)`, and `L1 = (2p - 1)(2q - 1) = -L2`
/// (agent 1 loses when the pennies match). The one Nash equilibrium is `p = q = 1/2`, `x = y = 0`.
struct MatchingPennies: DifferentiableGame {
    var agents: Int { 2 }

    func behaviour(of player: Tandem.Player) -> Tensor<Double> { player.parameters[0] }

    func values(_ behaviours: [Tensor<Double>]) -> Tensor<Double> {
        let p = behaviours[0].sigmoid()
        let q = behaviours[1].sigmoid()
        let l1 = (2 * p - 1) * (2 * q - 1)
        return Tensor.concatenate([-l1, l1], axis: 1)
    }

    func divergence(reference: Tensor<Double>, current: Tensor<Double>) -> Tensor<Double> {
        let step = current - reference.detached()
        return (step * step).sum(axis: 1)
    }
}

/// Two one-parameter agents at the given starting points `(x, y)`, one run each.
func scalarState<Game: DifferentiableGame>(_ game: Game, _ starts: [(x: Double, y: Double)]) -> LearningState<Game>
where Game.Player == Tandem.Player {
    let seats = [starts.map(\.x), starts.map(\.y)]
    return LearningState(
        game: game, agents: seats.map { Tandem.Player(parameters: [Tensor(shape: [$0.count, 1], scalars: $0)]) })
}

/// `(x, y)` of every run.
func positions<Game: DifferentiableGame>(_ state: LearningState<Game>) -> [(x: Double, y: Double)] {
    let x = state.agents[0].parameters[0].scalars
    let y = state.agents[1].parameters[0].scalars
    return zip(x, y).map { ($0, $1) }
}
