package data

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math"
	"sort"
	"strings"

	"corridor/internal/audit"
	"corridor/internal/data/flows"
	"corridor/internal/db"
	"corridor/internal/errs"
)

// EstimateRequest asks for bilateral flows between two years of a stock
// dataset (origin = place of birth, destination = place of residence).
type EstimateRequest struct {
	Dataset  int64
	From, To int
	// Method is "demographic" (flows.Demographic, migest ffs_demo
	// defaults) or "difference" (flows.Difference, ffs_diff defaults).
	Method string
	// NoStayerAssumption switches the stayer assumption off (demographic).
	NoStayerAssumption bool
	// Publish publishes the estimate at once (PublishEstimate), replacing
	// the published estimate of the same table and years; otherwise it
	// stays a draft only curators see.
	Publish bool
}

// Estimate runs a flow estimator on two years of a stock dataset and stores
// the result as a new dataset (measure "flow", year = the end year) with
// the method and its assumptions in its notes. The new dataset is a draft:
// no public page, export or total shows it until a curator publishes it
// (req.Publish, or PublishEstimate later), so a re-estimate never silently
// replaces the figures readers see. Running the same estimate again is a
// no-op (or publishes the draft, when asked to).
func (s *Service) Estimate(ctx context.Context, req EstimateRequest) (_ *ImportResult, err error) {
	defer errs.Wrap(&err, "data: estimate flows")
	fields := errs.Fields{}
	if req.Method != "demographic" && req.Method != "difference" {
		fields.Add("method", "data.error.method")
	}
	if req.From <= 0 || req.To <= req.From {
		fields.Add("to", "data.error.years")
	}
	if err := fields.Err(); err != nil {
		return nil, err
	}
	src, err := s.Dataset(ctx, req.Dataset)
	if err != nil {
		return nil, err
	}
	start, err := s.stockMatrix(ctx, req.Dataset, req.From)
	if err != nil {
		return nil, err
	}
	end, err := s.stockMatrix(ctx, req.Dataset, req.To)
	if err != nil {
		return nil, err
	}
	if len(start) == 0 || len(end) == 0 {
		return nil, &errs.Error{Kind: errs.Invalid, Message: "data.error.no_stock", Fields: map[string]string{"from": "data.error.no_stock"}}
	}
	placeSet := map[string]bool{}
	for k := range start {
		placeSet[k[0]], placeSet[k[1]] = true, true
	}
	for k := range end {
		placeSet[k[0]], placeSet[k[1]] = true, true
	}
	var places []string
	for p := range placeSet {
		places = append(places, p)
	}
	sort.Strings(places)
	m0, m1 := flows.NewSquare(places), flows.NewSquare(places)
	idx := map[string]int{}
	for i, p := range places {
		idx[p] = i
	}
	for k, v := range start {
		m0.Set(idx[k[0]], idx[k[1]], v)
	}
	for k, v := range end {
		m1.Set(idx[k[0]], idx[k[1]], v)
	}
	var f *flows.Matrix
	var assumptions, marginNote string
	natives := "The native-born (diagonal) cells are not in the source table and are taken as 0: without them the estimate counts only moves of the foreign-born and understates migration (caveat)."
	var pop *nativeBorn
	switch req.Method {
	case "demographic":
		if pop, err = s.nativeBorn(ctx, places, m0, m1, req.From, req.To); err != nil {
			return nil, err
		}
		opts := flows.Options{NoStayerAssumption: req.NoStayerAssumption, BirthplaceTotals: flows.Open}
		what := "migest ffs_demo defaults except birthplace totals \"open\", since the table has no native-born stocks to absorb the global imbalance"
		if pop != nil {
			// As Abel & Sander (2014): native-born = population − foreign-born,
			// then migest's defaults (birthplace totals rescaled).
			opts.BirthplaceTotals = flows.Rescale
			what = "migest ffs_demo defaults, as Abel & Sander (2014)"
			natives = pop.note
		}
		res, err := flows.Demographic(m0, m1, nil, nil, opts)
		if err != nil {
			return nil, &errs.Error{Kind: errs.Invalid, Message: err.Error()}
		}
		f = res.Flows
		if u := res.Diagnostics.UnmetMargins; len(u) > 0 {
			marginNote = " " + strings.TrimSpace(flows.MarginWarning(u, opts.BirthplaceTotals))
		}
		assumptions = fmt.Sprintf("Demographic accounting (flows.Demographic, %s): stayer assumption %v, births and deaths zero (not in the stock tables: a caveat, the estimate is not closed by natural change), tolerance 1e-3.", what, !req.NoStayerAssumption)
	case "difference":
		f, err = flows.Difference(m0, m1, flows.DifferenceOptions{})
		if err != nil {
			return nil, &errs.Error{Kind: errs.Invalid, Message: err.Error()}
		}
		assumptions = "Stock differencing (flows.Difference, migest ffs_diff defaults): decreases counted as returns, native-born cells excluded."
	}
	if req.Method == "difference" {
		natives = "Native-born cells are not used by this method."
	}
	notes := fmt.Sprintf("Estimated from dataset %d (%s), stocks %d and %d, %d places (countries only: aggregates, unknown and stateless left out). %s %s Zero flows are not stored; pages round people to whole numbers.%s",
		src.ID, src.Label(), req.From, req.To, len(places), assumptions, natives, marginNote)
	key := fmt.Sprintf("%s|%d|%d|%d|%s|%v", src.SHA256, src.ID, req.From, req.To, req.Method, req.NoStayerAssumption)
	if pop != nil {
		key += fmt.Sprintf("|population:%d", pop.dataset)
	}
	h := sha256.Sum256([]byte(key))
	sum := hex.EncodeToString(h[:])
	if existing, err := s.datasetBySum(ctx, s.DB, "estimate", sum); err != nil {
		return nil, err
	} else if existing != nil {
		if req.Publish && !existing.Public() {
			if _, err := s.PublishEstimate(ctx, existing.ID); err != nil {
				return nil, err
			}
			existing.Status = StatusPublished
		}
		return &ImportResult{Dataset: existing, NoOp: true}, nil
	}
	ds := &Dataset{Source: "estimate", Release: fmt.Sprintf("%d–%d", req.From, req.To), Format: "estimate-" + req.Method, SHA256: sum, Notes: notes,
		Title:    fmt.Sprintf("Flows %d–%d estimated from %s (%s)", req.From, req.To, src.Label(), req.Method),
		Licence:  src.Licence,
		Citation: "Corridor estimate (" + req.Method + ") from: " + src.Cite(), ImportedAt: db.Now(),
		Status: StatusDraft, Basis: estimateBasis(src.ID, req.From, req.To)}
	err = s.DB.InTx(ctx, func(tx db.Tx) error {
		var by any
		if id := audit.ActorFrom(ctx).ID; id > 0 {
			by = id
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO data_datasets (source, release, title, licence, url, citation, format, file_name, sha256, size, blob_key, notes, imported_by, imported_at, status, basis)
			VALUES ($1,$2,$3,$4,'',$5,$6,'',$7,0,'',$8,$9,$10,$11,$12) RETURNING id`,
			ds.Source, ds.Release, ds.Title, ds.Licence, ds.Citation, ds.Format, ds.SHA256, ds.Notes, by, ds.ImportedAt, ds.Status, ds.Basis).Scan(&ds.ID); err != nil {
			return err
		}
		w := newInserter(ctx, tx, s.DB.Engine, draftRows)
		defer w.close()
		n := len(places)
		for i := 0; i < n; i++ {
			for j := 0; j < n; j++ {
				v := f.At(i, j)
				if i == j || v == 0 {
					continue
				}
				val := v
				if err := w.add(Observation{DatasetID: ds.ID, Measure: "flow", Origin: places[i], Destination: places[j], Year: req.To, Sex: "total", Value: &val}); err != nil {
					return err
				}
			}
		}
		if err := w.flush(); err != nil {
			return err
		}
		ds.Observations = w.total
		if _, err := tx.ExecContext(ctx, `UPDATE data_datasets SET observations = $1 WHERE id = $2`, ds.Observations, ds.ID); err != nil {
			return err
		}
		if err := saveMeasures(ctx, tx, ds.ID, map[string]int64{"flow": ds.Observations}); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, "data.estimate", "dataset", ds.ID, nil, map[string]any{"from_dataset": src.ID, "from": req.From, "to": req.To, "method": req.Method, "stayer_assumption": !req.NoStayerAssumption, "observations": ds.Observations}); err != nil {
			return err
		}
		if req.Publish {
			_, err := s.publishTx(ctx, tx, ds.ID)
			return err
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if req.Publish {
		ds.Status = StatusPublished
	}
	return &ImportResult{Dataset: ds}, nil
}

// stockMatrix loads a year of bilateral migrant stock between countries.
func (s *Service) stockMatrix(ctx context.Context, dataset int64, year int) (map[[2]string]float64, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT origin, destination, value FROM data_observations
		WHERE dataset_id = $1 AND measure = 'migrant_stock' AND year = $2 AND sex = 'total' AND value IS NOT NULL
		AND origin >= 'A' AND destination >= 'A'`, dataset, year)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[[2]string]float64{}
	for rows.Next() {
		var o, d string
		var v float64
		if err := rows.Scan(&o, &d, &v); err != nil {
			return nil, err
		}
		if _, special := specialAreas[strings.ToUpper(o)]; special {
			continue
		}
		if _, special := specialAreas[strings.ToUpper(d)]; special {
			continue
		}
		out[[2]string{o, d}] = v
	}
	return out, rows.Err()
}

// nativeBorn is the native-born stocks an estimate took from a population
// table.
type nativeBorn struct {
	dataset int64
	note    string
}

// nativeBorn fills the diagonals of m0 and m1 (the stocks born and living
// in each place, which bilateral stock tables leave out) as Abel & Sander
// (2014) do: total population minus the foreign-born living there. The
// population comes from the dataset with a total population (measure
// population, in thousands) for the most places in both years; none, and
// nothing changes (nil). Places it lacks keep 0, said in the note. A place whose foreign-born exceed
// its population gets 0 native-born, said in the note.
func (s *Service) nativeBorn(ctx context.Context, places []string, m0, m1 *flows.Matrix, from, to int) (*nativeBorn, error) {
	rows, err := s.DB.QueryContext(ctx, `SELECT dataset_id, destination, year, value FROM data_observations
		WHERE measure = 'population' AND origin = $1 AND sex = 'total' AND value IS NOT NULL AND year IN ($2, $3)`, World, from, to)
	if err != nil {
		return nil, fmt.Errorf("data: population for native-born stocks: %w", err)
	}
	type key struct {
		place string
		year  int
	}
	byDataset := map[int64]map[key]float64{}
	for rows.Next() {
		var id int64
		var k key
		var v float64
		if err := rows.Scan(&id, &k.place, &k.year, &v); err != nil {
			rows.Close()
			return nil, err
		}
		if byDataset[id] == nil {
			byDataset[id] = map[key]float64{}
		}
		byDataset[id][k] = v * 1000 // the UN tables give thousands
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var best int64
	bestN := 0
	for id, pop := range byDataset {
		n := 0
		for _, p := range places {
			_, a := pop[key{p, from}]
			_, b := pop[key{p, to}]
			if a && b {
				n++
			}
		}
		if n > bestN || n == bestN && id > best {
			best, bestN = id, n
		}
	}
	if bestN == 0 {
		return nil, nil
	}
	pop := byDataset[best]
	clipped, missing := 0, 0
	for i, p := range places {
		_, a := pop[key{p, from}]
		_, b := pop[key{p, to}]
		if !a || !b {
			missing++
			continue
		}
		for _, m := range []struct {
			mat  *flows.Matrix
			year int
		}{{m0, from}, {m1, to}} {
			foreign := 0.0
			for k := range places {
				if k != i {
					foreign += m.mat.At(k, i)
				}
			}
			native := math.Round(pop[key{p, m.year}] - foreign)
			if native < 0 {
				native, clipped = 0, clipped+1
			}
			m.mat.Set(i, i, native)
		}
	}
	note := fmt.Sprintf("Native-born stocks (the diagonal) are the total population of dataset %d (thousands × 1,000) minus the foreign-born living there, as Abel & Sander (2014) do.", best)
	if missing > 0 {
		note += fmt.Sprintf(" %d of %d places have no population there; their native-born stock is taken as 0 (caveat).", missing, len(places))
	}
	if clipped > 0 {
		note += fmt.Sprintf(" In %d place-years the foreign-born exceed the population; their native-born stock is taken as 0 (caveat).", clipped)
	}
	return &nativeBorn{dataset: best, note: note}, nil
}
