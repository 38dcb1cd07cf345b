// Package flows estimates bilateral migration flows from migrant stock
// tables, re-implementing the methods of the R package migest (Guy J. Abel;
// version 2.0.5) in Go. No migest code is used; the results are checked
// against migest's published examples (shared/data/migest/golden_cases.json).
//
// # Data
//
// A stock table (Matrix) has places of birth as rows and places of
// residence as columns; the diagonal holds the native-born. Births and
// deaths (Vector) are indexed by place of residence. A flow matrix has
// origins as rows and destinations as columns. The three-way Table is
// origin × destination × birthplace.
//
// # Demographic accounting (Demographic; migest ffs_demo)
//
// With start stocks S0, end stocks S1, births b and deaths d, the steps are:
//
//  1. Negative native-born cells (more foreign-born than people) are set to
//     0 and the rest of their column is scaled to the column total.
//  2. Global match "before" (default; only with "rescale"): the native-born
//     diagonals absorb D = (Σb − Σd) − (ΣS1 − ΣS0), half each, scaled
//     proportionally and rounded half-to-even to integers. The rounding
//     residual goes to the largest native-born cell (ties: the first place);
//     migest picks it at random, so results can differ from R only when
//     rounding leaves a residual.
//  3. Births go to the native-born cells of S1 (or, if larger than them or
//     with BirthMethod "proportion", are spread over the column of S1);
//     deaths are spread over the columns of S0 ("proportion") or fitted to
//     both margins ("accounting"). They are removed from S1 and S0.
//  4. Global match "after": half of ΣS1 − ΣS0 is moved into the diagonal of
//     S0 and half out of S1, in proportion, without rounding.
//  5. Birthplace totals: "rescale" (default) fits both tables by two-way IPF
//     to the mean of their birthplace totals, keeping residence totals;
//     "open" treats a birthplace's loss as emigration to outside (spread over
//     its row of S1, taken from S0) and a gain as immigration (spread over
//     its row of S0, taken from S1); "open-dr" spreads them the other way
//     round (Abel 2013, Demographic Research).
//  6. For each birthplace k, flows from i to j. With the stayer assumption
//     (default) the stayers are min(S0[k][i], S1[k][i]) and the remaining
//     movers are fitted with a zero diagonal (quasi-independence: the
//     minimum migration consistent with the stocks); without it each
//     birthplace is fitted by independence.
//
// The bilateral flows are the three-way table summed over birthplaces with
// the diagonal set to 0.
//
// # IPF semantics and structure
//
// Every fit follows mipfp::Ipfp, which ffs_demo calls: each sweep scales
// the rows, then the columns; a factor is 0 when the target or the current
// sum is 0; the fit stops when the largest absolute cell change of a sweep
// is below Tol (default 1e-3), at most MaxIter (1e5) sweeps. Unlike mipfp:
// target margins whose totals differ by more than MarginTol are an error
// (*MarginError) instead of a silent switch to proportions; hitting MaxIter
// is an error (*ConvergenceError) unless Options.AllowNonConvergence, which
// flags it in Result.Diagnostics; a fit that settles without meeting its
// margins is noted in Diagnostics.
//
// Speed comes from the structure. Birthplaces are independent fits. Under
// the stayer assumption the origins of birthplace k (places where its stock
// fell) and its destinations (where it rose) are disjoint, so the zero
// diagonal never lies in the active block and, without an offset, the fit
// is closed-form: flow = out_i·in_j/Σout, which is what mipfp reaches after
// one sweep. The table is stored as those row and column factors; nothing
// n³ is materialised unless Table.Dense is called. The two-way rescale fits
// run on the non-zero cells only, one pass per sweep, the two tables in
// parallel.
//
// Offset: ffs_demo ignores its seed under the stayer assumption. Corridor
// applies Options.Offset in both cases (like the legacy migest ffs); leave
// it nil to reproduce ffs_demo. With an offset each birthplace is fitted
// iteratively and the stopping rule is applied per birthplace (mipfp
// applies it to the whole array).
//
// # Stock differencing (Difference; migest ffs_diff)
//
// Y = S1 − S0 per birthplace k and residence j; the flow k → j is max(Y, 0)
// and, with the default decrease rule "return", a fall max(−Y, 0) is a
// return flow j → k. Native-born cells are left out unless asked for.
//
// # Other estimators and fits
//
// RatesDennett and RatesRogersVonRabenau are migest ffs_rates. IPF2, IPF3,
// CM2 and CM3 reproduce migest's ipf2, ipf3, cm2 and cm3 (with their own
// stopping rules: largest margin error, or largest parameter change).
//
// # Command
//
// RunCommand implements "corridor flows"; see its usage text. CSV numbers
// are written with the shortest representation that round-trips; nothing
// is rounded except step 2 above.
package flows
