package web

import (
	"net/http"

	"corridor/internal/accounts"
)

// Route is one endpoint and the permission it requires. Every endpoint of
// Corridor is in Routes: the authz matrix test walks them all, so none can
// be added without deciding who may call it.
type Route struct {
	Method  string
	Pattern string // net/http pattern path, with {wildcards}
	Perm    accounts.Permission
	Handler func(w http.ResponseWriter, r *http.Request) error
	// API routes answer JSON problem details instead of HTML pages.
	API bool
	// MaxBody overrides the server's request body limit (uploads); 0 keeps it.
	MaxBody int64
	// Safe marks a POST that changes nothing and acts for nobody, such as
	// OAI-PMH's form-encoded requests from harvesters: no CSRF token is
	// asked, and the handler runs as the public, so a forged form cannot
	// borrow a visitor's session.
	Safe bool
}

// hiddenRoutes answer a caller the policy refuses with 404, as if they did
// not exist, rather than with a login page or 403.
var hiddenRoutes = map[string]bool{"GET /metrics": true}

// Hidden reports whether a refusal of rt looks like a missing page.
func (rt Route) Hidden() bool { return hiddenRoutes[rt.Method+" "+rt.Pattern] }

// Routes returns every route of the server.
func (s *Server) Routes() []Route {
	pub, in, admin := accounts.PermPublic, accounts.PermSignedIn, accounts.PermAdmin
	routes := []Route{
		{"GET", "/{$}", pub, s.home, false, 0, false},
		{"GET", "/sections/{section}", pub, s.section, false, 0, false},
		{"POST", "/lang", pub, s.setLang, false, 0, false},

		{"GET", "/login", pub, s.loginForm, false, 0, false},
		{"POST", "/login", pub, s.login, false, 0, false},
		{"POST", "/logout", in, s.logout, false, 0, false},
		{"GET", "/signup", pub, s.signupForm, false, 0, false},
		{"POST", "/signup", pub, s.signup, false, 0, false},
		{"GET", "/confirm", pub, s.confirm, false, 0, false},
		{"GET", "/password/forgot", pub, s.forgotForm, false, 0, false},
		{"POST", "/password/forgot", pub, s.forgot, false, 0, false},
		{"GET", "/password/reset", pub, s.resetForm, false, 0, false},
		{"POST", "/password/reset", pub, s.reset, false, 0, false},

		{"GET", "/account", in, s.account, false, 0, false},
		{"POST", "/account/profile", in, s.updateProfile, false, 0, false},
		{"POST", "/account/password", in, s.changePassword, false, 0, false},
		{"POST", "/account/tokens", in, s.createToken, false, 0, false},
		{"POST", "/account/tokens/{id}/revoke", in, s.revokeToken, false, 0, false},

		{"GET", "/admin", admin, s.adminHome, false, 0, false},
		{"GET", "/admin/users", admin, s.adminUsers, false, 0, false},
		{"POST", "/admin/users", admin, s.adminInvite, false, 0, false},
		{"POST", "/admin/users/{id}/approve", admin, s.adminApprove, false, 0, false},
		{"POST", "/admin/users/{id}/role", admin, s.adminSetRole, false, 0, false},
		{"POST", "/admin/users/{id}/disable", admin, s.adminDisable, false, 0, false},
		{"POST", "/admin/users/{id}/enable", admin, s.adminEnable, false, 0, false},
		{"GET", "/admin/audit", admin, s.adminAudit, false, 0, false},
		{"GET", "/admin/outbox", admin, s.adminOutbox, false, 0, false},
		{"GET", "/admin/jobs", admin, s.adminJobs, false, 0, false},
		{"POST", "/admin/jobs/{id}/retry", admin, s.adminRetryJob, false, 0, false},
		{"POST", "/admin/jobs/{id}/cancel", admin, s.adminCancelJob, false, 0, false},

		{"GET", "/healthz", pub, s.healthz, false, 0, false},
		{"GET", "/readyz", pub, s.readyz, false, 0, false},
		{"GET", "/metrics", admin, s.serveMetrics, false, 0, false},
		{"GET", "/static/{path...}", pub, s.static, false, 0, false},
		{"GET", "/robots.txt", pub, s.robots, false, 0, false},
		{"GET", "/search", pub, s.searchPage, false, 0, false},
		{"GET", "/api/v1/search", pub, s.apiSearch, true, 0, false},
		{"GET", "/sitemap.xml", pub, s.sitemap, false, 0, false},

		{"GET", "/api/v1/openapi.json", pub, s.apiOpenAPI, true, 0, false},
		{"GET", "/api/v1/me", in, s.apiMe, true, 0, false},
		{"GET", "/api/v1/me/tokens", in, s.apiTokens, true, 0, false},
		{"POST", "/api/v1/me/tokens", in, s.apiCreateToken, true, 0, false},
		{"DELETE", "/api/v1/me/tokens/{id}", in, s.apiRevokeToken, true, 0, false},
		{"GET", "/api/v1/users", admin, s.apiUsers, true, 0, false},
		{"POST", "/api/v1/users", admin, s.apiCreateUser, true, 0, false},
		{"GET", "/api/v1/users/{id}", admin, s.apiUser, true, 0, false},
		{"PATCH", "/api/v1/users/{id}", admin, s.apiUpdateUser, true, 0, false},
		{"GET", "/api/v1/audit", admin, s.apiAudit, true, 0, false},
		{"GET", "/api/v1/jobs", admin, s.apiJobs, true, 0, false},
		{"GET", "/api/v1/jobs/{id}", admin, s.apiJob, true, 0, false},
		{"POST", "/api/v1/jobs/{id}/cancel", admin, s.apiCancelJob, true, 0, false},
	}
	return append(routes, s.extraRoutes...)
}
