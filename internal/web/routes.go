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
}

// Routes returns every route of the server.
func (s *Server) Routes() []Route {
	pub, in, admin := accounts.PermPublic, accounts.PermSignedIn, accounts.PermAdmin
	routes := []Route{
		{"GET", "/{$}", pub, s.home, false},
		{"GET", "/sections/{section}", pub, s.section, false},
		{"POST", "/lang", pub, s.setLang, false},

		{"GET", "/login", pub, s.loginForm, false},
		{"POST", "/login", pub, s.login, false},
		{"POST", "/logout", in, s.logout, false},
		{"GET", "/signup", pub, s.signupForm, false},
		{"POST", "/signup", pub, s.signup, false},
		{"GET", "/confirm", pub, s.confirm, false},
		{"GET", "/password/forgot", pub, s.forgotForm, false},
		{"POST", "/password/forgot", pub, s.forgot, false},
		{"GET", "/password/reset", pub, s.resetForm, false},
		{"POST", "/password/reset", pub, s.reset, false},

		{"GET", "/account", in, s.account, false},
		{"POST", "/account/tokens", in, s.createToken, false},
		{"POST", "/account/tokens/{id}/revoke", in, s.revokeToken, false},

		{"GET", "/admin", admin, s.adminHome, false},
		{"GET", "/admin/users", admin, s.adminUsers, false},
		{"POST", "/admin/users/{id}/approve", admin, s.adminApprove, false},
		{"POST", "/admin/users/{id}/role", admin, s.adminSetRole, false},
		{"POST", "/admin/users/{id}/disable", admin, s.adminDisable, false},
		{"POST", "/admin/users/{id}/enable", admin, s.adminEnable, false},
		{"GET", "/admin/audit", admin, s.adminAudit, false},
		{"GET", "/admin/outbox", admin, s.adminOutbox, false},
		{"GET", "/admin/jobs", admin, s.adminJobs, false},
		{"POST", "/admin/jobs/{id}/retry", admin, s.adminRetryJob, false},

		{"GET", "/healthz", pub, s.healthz, false},
		{"GET", "/readyz", pub, s.readyz, false},
		{"GET", "/metrics", pub, s.serveMetrics, false},
		{"GET", "/static/{path...}", pub, s.static, false},

		{"GET", "/api/v1/openapi.json", pub, s.apiOpenAPI, true},
		{"GET", "/api/v1/me", in, s.apiMe, true},
		{"GET", "/api/v1/me/tokens", in, s.apiTokens, true},
		{"POST", "/api/v1/me/tokens", in, s.apiCreateToken, true},
		{"DELETE", "/api/v1/me/tokens/{id}", in, s.apiRevokeToken, true},
		{"GET", "/api/v1/users", admin, s.apiUsers, true},
		{"POST", "/api/v1/users", admin, s.apiCreateUser, true},
		{"GET", "/api/v1/users/{id}", admin, s.apiUser, true},
		{"PATCH", "/api/v1/users/{id}", admin, s.apiUpdateUser, true},
		{"GET", "/api/v1/audit", admin, s.apiAudit, true},
		{"GET", "/api/v1/jobs", admin, s.apiJobs, true},
		{"GET", "/api/v1/jobs/{id}", admin, s.apiJob, true},
	}
	return append(routes, s.extraRoutes...)
}
