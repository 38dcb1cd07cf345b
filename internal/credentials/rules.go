package credentials

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Met says whether a learner's completions and attendances meet a
// programme's rule, and when they met it (the date of the item that
// completed it, for "n of" the n-th earliest).
func Met(p Programme, done []Completion, attended []SessionAttendance) (bool, int64) {
	courses := map[int64]Completion{}
	for _, c := range done {
		courses[c.CourseID] = c
	}
	sessions := map[int64]SessionAttendance{}
	for _, a := range attended {
		sessions[a.SessionID] = a
	}
	var dates []int64
	for _, item := range p.Items {
		kind, id, err := ParseItem(item)
		if err != nil {
			continue
		}
		var at int64
		switch kind {
		case "course":
			c, ok := courses[id]
			if !ok || c.Grade < p.MinGrade {
				continue
			}
			at = c.CompletedAt.Unix()
		case "session":
			a, ok := sessions[id]
			if !ok {
				continue
			}
			at = a.Ends.Unix()
		}
		if (p.PeriodFrom != 0 && at < p.PeriodFrom) || (p.PeriodTo != 0 && at > p.PeriodTo) {
			continue
		}
		dates = append(dates, at)
	}
	need := len(p.Items)
	if p.Rule == RuleN {
		need = p.RuleN
	}
	if need <= 0 || len(dates) < need {
		return false, 0
	}
	slices.Sort(dates)
	if p.Rule == RuleN {
		return true, dates[need-1]
	}
	return true, dates[len(dates)-1]
}

// ParseItem reads a programme item key: learning:course:N or
// learning:session:N.
func ParseItem(key string) (kind string, id int64, err error) {
	parts := strings.Split(key, ":")
	if len(parts) != 3 || parts[0] != "learning" || (parts[1] != "course" && parts[1] != "session") {
		return "", 0, fmt.Errorf("credentials: item %q is not learning:course:N or learning:session:N", key)
	}
	id, err = strconv.ParseInt(parts[2], 10, 64)
	if err != nil || id <= 0 {
		return "", 0, fmt.Errorf("credentials: item %q has no positive id", key)
	}
	return parts[1], id, nil
}
