// Package indices computes summary measures of migration: regional totals
// and bilateral summaries, crude and net migration rates, the migration
// effectiveness index, intensity and impact measures, connectivity and
// inequality of flows (the Gini family and the aggregated coefficient of
// variation of the R package migration.indices), distance and age
// profiles, the Rogers–Castro model migration schedule (evaluation and a
// Levenberg–Marquardt least-squares fit), net-to-bilateral estimators and
// multiplicative components. The definitions follow migest 2.0.5 (index_*,
// sum_*, net_*, multi_comp) and migration.indices 0.3.1, re-implemented
// without their code, except that net_matrix_optim's answer depends on
// R's optimiser and runs its port (package optim);
// shared/data/migest/golden_cases.json holds the published examples the
// tests check.
//
// Flow matrices are *flows.Matrix values with origins as rows and
// destinations as columns; the diagonal (within-region moves) is ignored
// by every measure unless stated otherwise.
package indices
