// Package accounts holds Corridor's users, their roles, sessions, one-time
// and API tokens, and the single authorization policy every route goes
// through.
package accounts

import "fmt"

// Role is what a user may do. A user has exactly one role.
type Role string

const (
	RoleAdmin        Role = "admin"
	RoleEditor       Role = "editor"
	RoleLegalOfficer Role = "legal_officer"
	RoleDataCurator  Role = "data_curator"
	RoleReviewer     Role = "reviewer"
	RoleTrainer      Role = "trainer"
	RoleMember       Role = "member"
	// RoleAnonymous is the public, not signed in. Never stored.
	RoleAnonymous Role = ""
)

// Roles lists the assignable roles, most powerful first.
var Roles = []Role{RoleAdmin, RoleEditor, RoleLegalOfficer, RoleDataCurator, RoleReviewer, RoleTrainer, RoleMember}

// ParseRole checks a role name.
func ParseRole(s string) (Role, error) {
	for _, r := range Roles {
		if string(r) == s {
			return r, nil
		}
	}
	return "", fmt.Errorf("unknown role %q (want one of admin, editor, legal_officer, data_curator, reviewer, trainer, member)", s)
}

// Permission names a capability a route requires.
type Permission string

const (
	// PermPublic: anyone, signed in or not.
	PermPublic Permission = "public"
	// PermSignedIn: any active account.
	PermSignedIn Permission = "signed-in"
	// PermAdmin: users, roles, audit log, outbox, jobs, backups.
	PermAdmin Permission = "admin"
	// PermCurateData: import datasets, map country names, run estimations.
	PermCurateData Permission = "data.curate"
	// PermEditLaw: instruments, versions, treaty actions, policy changes.
	PermEditLaw Permission = "law.edit"
	// PermEditPublications: publications, series, calls for papers.
	PermEditPublications Permission = "publications.edit"
	// PermReview: peer review assignments.
	PermReview Permission = "review"
	// PermManageReview: calls for papers and abstracts, assigning
	// reviewers, editor decisions, e-mail templates of the review engine.
	// Reviewing itself needs only an account the editors assigned.
	PermManageReview Permission = "review.manage"
	// PermTeach: courses, training sessions, certificates.
	PermTeach Permission = "learning.teach"
	// PermEditLinks: add and remove typed links between things; whoever
	// edits some domain's content. The links service also requires the
	// permission of the domain of one of the link's two ends.
	PermEditLinks Permission = "links.edit"
	// PermEditEvents: events, their timetables, participant lists.
	PermEditEvents Permission = "events.edit"
	// PermEditCommunity: people, partners, projects and opportunities
	// (calls for internships, visiting scholars, jobs) and their reviewers.
	PermEditCommunity Permission = "community.edit"
)

// policy is the one place that says which role holds which permission.
var policy = map[Permission][]Role{
	PermAdmin:            {RoleAdmin},
	PermCurateData:       {RoleAdmin, RoleDataCurator},
	PermEditLaw:          {RoleAdmin, RoleLegalOfficer},
	PermEditPublications: {RoleAdmin, RoleEditor},
	PermReview:           {RoleAdmin, RoleEditor, RoleReviewer},
	PermTeach:            {RoleAdmin, RoleTrainer},
	PermManageReview:     {RoleAdmin, RoleEditor},
	PermEditLinks:        {RoleAdmin, RoleEditor, RoleLegalOfficer, RoleDataCurator, RoleTrainer},
	PermEditEvents:       {RoleAdmin, RoleEditor},
	PermEditCommunity:    {RoleAdmin, RoleEditor},
}

// Can reports whether a user with role r (RoleAnonymous for the public)
// holds permission p.
func Can(r Role, p Permission) bool {
	switch p {
	case PermPublic:
		return true
	case PermSignedIn:
		return r != RoleAnonymous
	}
	for _, allowed := range policy[p] {
		if allowed == r {
			return true
		}
	}
	return false
}
