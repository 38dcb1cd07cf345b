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
	Handler func(s *Server, w http.ResponseWriter, r *http.Request) error
	// API routes answer JSON problem details instead of HTML pages.
	API bool
}

// Routes returns every route of the server.
func (s *Server) Routes() []Route {
	pub, in, admin := accounts.PermPublic, accounts.PermSignedIn, accounts.PermAdmin
	routes := []Route{
		{"GET", "/{$}", pub, (*Server).home, false},
		{"GET", "/sections/{section}", pub, (*Server).section, false},
		{"POST", "/lang", pub, (*Server).setLang, false},

		{"GET", "/login", pub, (*Server).loginForm, false},
		{"POST", "/login", pub, (*Server).login, false},
		{"POST", "/logout", in, (*Server).logout, false},
		{"GET", "/signup", pub, (*Server).signupForm, false},
		{"POST", "/signup", pub, (*Server).signup, false},
		{"GET", "/confirm", pub, (*Server).confirm, false},
		{"GET", "/password/forgot", pub, (*Server).forgotForm, false},
		{"POST", "/password/forgot", pub, (*Server).forgot, false},
		{"GET", "/password/reset", pub, (*Server).resetForm, false},
		{"POST", "/password/reset", pub, (*Server).reset, false},

		{"GET", "/account", in, (*Server).account, false},
		{"POST", "/account/tokens", in, (*Server).createToken, false},
		{"POST", "/account/tokens/{id}/revoke", in, (*Server).revokeToken, false},

		{"GET", "/admin", admin, (*Server).adminHome, false},
		{"GET", "/admin/users", admin, (*Server).adminUsers, false},
		{"POST", "/admin/users/{id}/approve", admin, (*Server).adminApprove, false},
		{"POST", "/admin/users/{id}/role", admin, (*Server).adminSetRole, false},
		{"POST", "/admin/users/{id}/disable", admin, (*Server).adminDisable, false},
		{"POST", "/admin/users/{id}/enable", admin, (*Server).adminEnable, false},
		{"GET", "/admin/audit", admin, (*Server).adminAudit, false},
		{"GET", "/admin/outbox", admin, (*Server).adminOutbox, false},
		{"GET", "/admin/jobs", admin, (*Server).adminJobs, false},
		{"POST", "/admin/jobs/{id}/retry", admin, (*Server).adminRetryJob, false},

		{"GET", "/healthz", pub, (*Server).healthz, false},
		{"GET", "/readyz", pub, (*Server).readyz, false},
		{"GET", "/metrics", pub, (*Server).serveMetrics, false},
		{"GET", "/static/{path...}", pub, (*Server).static, false},

		{"GET", "/api/v1/openapi.json", pub, (*Server).apiOpenAPI, true},
		{"GET", "/api/v1/me", in, (*Server).apiMe, true},
		{"GET", "/api/v1/me/tokens", in, (*Server).apiTokens, true},
		{"POST", "/api/v1/me/tokens", in, (*Server).apiCreateToken, true},
		{"DELETE", "/api/v1/me/tokens/{id}", in, (*Server).apiRevokeToken, true},
		{"GET", "/api/v1/users", admin, (*Server).apiUsers, true},
		{"POST", "/api/v1/users", admin, (*Server).apiCreateUser, true},
		{"GET", "/api/v1/users/{id}", admin, (*Server).apiUser, true},
		{"PATCH", "/api/v1/users/{id}", admin, (*Server).apiUpdateUser, true},
		{"GET", "/api/v1/audit", admin, (*Server).apiAudit, true},
		{"GET", "/api/v1/jobs", admin, (*Server).apiJobs, true},
		{"GET", "/api/v1/jobs/{id}", admin, (*Server).apiJob, true},
	}
	return append(routes, s.extraRoutes...)
}
