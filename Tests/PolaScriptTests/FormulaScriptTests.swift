import Foundation
import PolaScript
import Runtime
import TensorLayer
import TestSupport
import Testing

/// Games written as PolaScript formulas: the differentiable numbers' gradients of first,
/// second and third order against finite differences, the tandem game's first steps against
/// their closed forms, matching pennies, and failing formulas that change nothing.
@Suite struct FormulaScriptTests {
    /// A session that has run `script`, or the error it stopped with.
    final class Session: @unchecked Sendable {
        let interpreter = Interpreter(host: Host(write: { _ in }))
        let text: String
        var error: Diagnostics?

        init(_ script: String) {
            text = script
            do {
                try interpreter.run(Source(name: "test.pola", text: script))
            } catch let diagnostics as Diagnostics {
                error = diagnostics
            } catch {}
        }

        func run(_ more: String) -> Diagnostics? {
            do {
                try interpreter.run(Source(name: "more.pola", text: more))
                return nil
            } catch let diagnostics as Diagnostics {
                return diagnostics
            } catch {
                return nil
            }
        }

        func number(_ name: String) -> Double? {
            if case .number(let x) = interpreter.global(name) { return x }
            return nil
        }

        /// The point agent `name` holds: its numbers and epochs.
        func point(_ name: String) -> (numbers: [Double], epochs: Int)? {
            guard case .agent(let box) = interpreter.global(name), case .point(let point) = box.body else { return nil }
            return (point.parameters[0].scalars, box.epochs)
        }

        func game(_ name: String) -> FormulaGame? {
            if case .formulaGame(let game) = interpreter.global(name) { return game.game(on: interpreter) }
            return nil
        }
    }

    /// Runs `body` on a large stack, as every host runs the interpreter.
    static func onLargeStack(_ body: @escaping @Sendable () -> Void) {
        LargeStack.run(body)
    }

    /// Every operation a formula may use, at least once, smooth at both points below.
    static let formulas = [
        "(x + y)^2 - 2*x",
        "x * y - y / (1 + x^2) + -x",
        "exp(x) * sin(y) + cos(x * y)",
        "log(1 + x^2) - sqrt(x^2 + y^2 + 1)",
        "sigmoid(x) * tanh(y)",
        "abs(x - 2) + max(x, y)^3 - min(x * y, 5)",
        "x^2.5 + y^-2 + 2^x + x^y",
        "sum([x, y, x * y]) + mean([x^2, y^2])",
    ]
    static let points: [(x: Double, y: Double)] = [(0.7, 1.3), (1.5, -0.6)]

    @Test(arguments: formulas)
    func gradientsAgreeWithFiniteDifferences(_ formula: String) {
        Self.onLargeStack {
            let session = Session("fn f(x, y) { return [\(formula), 0] }\ng = formula_game(f)")
            #expect(session.error == nil)
            guard let game = session.game("g") else { return }
            for point in Self.points {
                let at = [Tensor(rows: [[point.x]]), Tensor(rows: [[point.y]])]
                for (order, tolerance) in [(1, 1e-7), (2, 1e-6), (3, 1e-5)] {
                    let error = gradientCheckError({ game.values($0) }, at: at, order: order)
                    #expect(error < tolerance, "order \(order) of \(formula) at \(point)")
                }
                // The value is the plain numbers' value: a formula computes the same either way.
                _ = session.run("x = \(point.x)\ny = \(point.y)\nplain = \(formula)")
                let differentiable = -game.values(at).scalars[0]
                let plain = session.number("plain") ?? .nan
                #expect(abs(differentiable - plain) <= 1e-13 * max(1, abs(plain)), "\(formula) at \(point)")
            }
        }
    }

    /// sin, cos and fractional powers are Taylor polynomials about the current value: their
    /// derivatives are exact, here the third of sin (-cos) and the second of x^2.5.
    @Test func taylorPolynomialsHaveExactDerivatives() {
        Self.onLargeStack {
            let session = Session("fn f(x, y) { return [sin(x) + y^2.5, 0] }\ng = formula_game(f)")
            guard let game = session.game("g") else { return }
            let x = Tensor.variable(Tensor<Double>(rows: [[0.4]]))
            let y = Tensor.variable(Tensor<Double>(rows: [[1.7]]))
            let loss = -game.values([x, y]).sum()
            let dx = gradients(of: loss, at: [x])[0].sum()
            let ddx = gradients(of: dx, at: [x])[0].sum()
            let dddx = gradients(of: ddx, at: [x])[0]
            #expect(abs(dddx.scalars[0] - -cos(0.4)) < 1e-15)
            let dy = gradients(of: loss, at: [y])[0].sum()
            let ddy = gradients(of: dy, at: [y])[0]
            #expect(abs(ddy.scalars[0] - 2.5 * 1.5 * pow(1.7, 0.5)) < 1e-14)
        }
    }

    static let tandem = """
        fn tandem(x, y) {
          return [(x + y)^2 - 2*x, (x + y)^2 - 2*y]
        }
        g = formula_game(tandem)
        a = point(g, 0.3)
        b = point(g, -0.1)
        """

    struct TandemStep: Sendable, CustomTestStringConvertible {
        let testDescription: String
        let rule: String
        /// Agent 0's new `x` from `(x, y)`; agent 1's new `y` is the same function of `(y, x)`.
        let closedForm: @Sendable (Double, Double) -> Double
    }

    /// With `s = x + y`: `dL1/dx = 2s - 2`, `dL1/dy = 2s`, `dL2/dy = 2s - 2` (see
    /// `DifferentiableGameTests` in the Runtime for the derivations), alpha 0.1, eta 0.2.
    static let tandemSteps: [TandemStep] = [
        TandemStep(testDescription: "naive", rule: "naive(lr: 0.1)") { x, y in x - 0.1 * (2 * (x + y) - 2) },
        TandemStep(testDescription: "lola taylor", rule: "lola(inner_lr: 0.2, outer_lr: 0.1, taylor: true)") { x, y in
            x - 0.1 * (2 * (x + y) - 2 - 0.2 * (8 * (x + y) - 4))
        },
        TandemStep(testDescription: "lola actual", rule: "lola(inner_lr: 0.2, outer_lr: 0.1)") { x, y in
            x - 0.1 * (2 * 0.6 * (0.6 * (x + y) + 0.4) - 2)
        },
        // POLA's proximal point with the squared distance (beta 1) solves a quadratic exactly.
        TandemStep(testDescription: "pola", rule: "pola(inner_lr: 0.2, outer_lr: 0.1, beta: 1, tol: 1e-24)") {
            x, y in
            (2 + 2 * x - 2 * 0.6 * (0.6 * y + 0.4)) / (2 * 0.36 + 2)
        },
    ]

    @Test(arguments: tandemSteps)
    func theTandemGameTakesItsClosedFormFirstStep(_ step: TandemStep) {
        Self.onLargeStack {
            let session = Session(Self.tandem + "\nr = step(\(step.rule), g, a, b)\nv = value(g, a, b)")
            #expect(session.error == nil)
            let x = session.point("a")?.numbers ?? []
            let y = session.point("b")?.numbers ?? []
            #expect(abs((x.first ?? .nan) - step.closedForm(0.3, -0.1)) < 1e-10)
            #expect(abs((y.first ?? .nan) - step.closedForm(-0.1, 0.3)) < 1e-10)
            #expect(session.point("a")?.epochs == 1)
        }
    }

    /// Matching pennies with sigmoid policies, `L1 = -(2p - 1)(2q - 1) = -L2`: its value at
    /// the start, and naive learning spiralling away from the equilibrium (0, 0). The numbers
    /// after 100 epochs come from an independent Python loop of the same updates.
    @Test func naiveLearningSpiralsAwayInMatchingPennies() {
        Self.onLargeStack {
            let session = Session(
                """
                fn pennies(a, b) {
                  p = sigmoid(a)
                  q = sigmoid(b)
                  return [-(2*p - 1) * (2*q - 1), (2*p - 1) * (2*q - 1)]
                }
                g = formula_game(pennies)
                a = point(g, 0.5)
                b = point(g, 0.5)
                v = value(g, a, b)[0]
                t = train(naive(lr: 1), g, a, b, epochs: 100)
                """)
            #expect(session.error == nil)
            let p = 1 / (1 + exp(-0.5))
            #expect(abs((session.number("v") ?? .nan) - (2 * p - 1) * (2 * p - 1)) < 1e-15)
            let a = session.point("a")?.numbers.first ?? .nan
            let b = session.point("b")?.numbers.first ?? .nan
            #expect(abs(a - -2.759667232103259) < 1e-9 && abs(b - -0.1592358049480696) < 1e-9)
            #expect((a * a + b * b).squareRoot() > 2.5)
        }
    }

    /// A condition on a parameter stops `step` with an error at the comparison inside the
    /// function, and the agents keep their parameters and history.
    @Test func anUndifferentiableFormulaChangesNothing() {
        Self.onLargeStack {
            let session = Session(
                """
                fn kinked(x, y) {
                  if x > 0 { return [x, y] }
                  return [y, x]
                }
                g = formula_game(kinked)
                a = point(g, 0.3)
                b = point(g, -0.1)
                """)
            let error = session.run("step(naive(lr: 0.1), g, a, b)")
            let item = error?.items.first
            #expect(
                item?.message == "cannot differentiate a comparison with '>': it depends on a formula game's parameters"
            )
            let offset = session.text.unicodeScalars.distance(
                from: session.text.unicodeScalars.startIndex,
                to: session.text.range(of: "x > 0")!.lowerBound.samePosition(in: session.text.unicodeScalars)!)
            #expect(item?.span == SourceSpan(offset, offset + 5))
            #expect(session.point("a")?.numbers == [0.3] && session.point("a")?.epochs == 0)
            #expect(session.point("b")?.numbers == [-0.1])
        }
    }

    /// `train` stopped by a formula's error at epoch 3 (x = -1 makes log(x + 1) = log(0)): the
    /// agents hold epoch 2, where x = -0.5.
    @Test func trainStoppedByAFormulaKeepsTheEpochsDone() {
        Self.onLargeStack {
            let session = Session(
                """
                fn falling(x, y) {
                  return [2 * x, y^2 + log(x + 1)]
                }
                g = formula_game(falling)
                a = point(g, 0.5)
                b = point(g, 1)
                """)
            let error = session.run("t = train(naive(lr: 0.25), g, a, b, epochs: 10)")
            #expect(error?.items.first?.message == "bad argument 'x' to log (number > 0 expected, got 0)")
            #expect(error?.items.first?.notes.last == "the agents hold epoch 2")
            #expect(session.point("a")?.numbers == [-0.5])
            #expect(session.point("a")?.epochs == 2)
        }
    }
}
