package community

import (
	"context"
	"regexp"
	"strings"

	"corridor/internal/db"
)

// Grant is a funder of a project and the number of its grant ("" when the
// funder gives none).
type Grant struct {
	Funder string `json:"funder"`
	Number string `json:"grant_number,omitempty"`
}

// MaxGrants bounds a project's funders.
const MaxGrants = 20

// ParseGrants reads one funder per line, the grant number after a "|":
// "Sample Foundation | SF-2024-017".
func ParseGrants(s string) []Grant {
	var out []Grant
	for _, line := range strings.Split(s, "\n") {
		funder, number, _ := strings.Cut(line, "|")
		if strings.TrimSpace(funder) != "" || strings.TrimSpace(number) != "" {
			out = append(out, Grant{Funder: funder, Number: number})
		}
	}
	return out
}

// FormatGrants writes grants as ParseGrants reads them.
func FormatGrants(gs []Grant) string {
	var b strings.Builder
	for _, g := range gs {
		b.WriteString(g.Funder)
		if g.Number != "" {
			b.WriteString(" | " + g.Number)
		}
		b.WriteString("\n")
	}
	return b.String()
}

func cleanGrants(in []Grant) ([]Grant, bool) {
	out := []Grant{}
	for _, g := range in {
		g.Funder, g.Number = strings.Join(strings.Fields(g.Funder), " "), strings.TrimSpace(g.Number)
		if g.Funder == "" || tooLong(g.Funder, MaxName) || tooLong(g.Number, 100) {
			return out, false
		}
		out = append(out, g)
	}
	return out, len(out) <= MaxGrants
}

func writeGrants(ctx context.Context, tx db.Tx, projectID int64, gs []Grant) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM community_project_grants WHERE project_id = $1`, projectID); err != nil {
		return err
	}
	for i, g := range gs {
		if _, err := tx.ExecContext(ctx, `INSERT INTO community_project_grants (project_id, position, funder, grant_number) VALUES ($1, $2, $3, $4)`, projectID, i, g.Funder, g.Number); err != nil {
			return err
		}
	}
	return nil
}

func (s *Service) grants(ctx context.Context, projectID int64) ([]Grant, error) {
	gs, err := queryAll(ctx, s.DB, func(row interface{ Scan(...any) error }) (Grant, error) {
		var g Grant
		return g, row.Scan(&g.Funder, &g.Number)
	}, `SELECT funder, grant_number FROM community_project_grants WHERE project_id = $1 ORDER BY position`, projectID)
	if gs == nil {
		gs = []Grant{}
	}
	return gs, err
}

// Budget is a project's optional budget: a decimal amount and an ISO 4217
// currency code. It is restricted to community editors and admins.
type Budget struct {
	Amount   string
	Currency string
}

// Set reports whether the project has a budget.
func (b Budget) Set() bool { return b.Amount != "" }

var amountForm = regexp.MustCompile(`^\d{1,15}(\.\d{1,2})?$`)

// clean strips the spaces and thousands separators typed with the amount
// ("250 000", "1,200,000.50") and upper-cases the currency; false when
// the amount is not a positive decimal with at most two places or the
// currency is not three letters, or one is given without the other.
func (b *Budget) clean() bool {
	b.Amount = strings.NewReplacer(" ", "", "\u00a0", "", ",", "", "'", "").Replace(strings.TrimSpace(b.Amount))
	b.Currency = strings.ToUpper(strings.TrimSpace(b.Currency))
	if b.Amount == "" && b.Currency == "" {
		return true
	}
	return amountForm.MatchString(b.Amount) && len(b.Currency) == 3 && strings.Trim(b.Currency, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") == ""
}

// audited is what the audit log keeps of a project: everything, the budget
// included, since the log is read by admins only.
func (p Project) audited() map[string]any {
	return map[string]any{"id": p.ID, "title": p.Title, "starts": p.Starts, "ends": p.Ends, "funders": p.Funders, "grants": p.Grants,
		"budget_amount": p.Budget.Amount, "budget_currency": p.Budget.Currency, "sample": p.Sample}
}
