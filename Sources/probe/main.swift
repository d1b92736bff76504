import Runtime
let args = "--n_agents 2 --ill_condition --repeats 20 --num_epochs 10 --init_state_representation 2 --seed 2 --lr_policies_inner 0.4 --lr_policies_outer 0.05 --outer_exact_prox --outer_beta 0.5 --actual_update --base_cf_no_scale 1.33".split(separator: " ").map(String.init)
let c = try PaperCommand(args)
var s = c.initialState()
let recs = try Experiment(rule: c.rule, epochs: c.epochs).run(&s)
var sumMax = 0
for r in recs { for a in 0..<2 { let its = r.proximalIterations.map { $0[a] }; sumMax += its.max()!; print(r.epoch, a, its.sorted()) } }
print("sum of max", sumMax)
