package crm

import (
	"slices"
	"strings"

	"waba-transport/internal/problem"
)

// The access items the module needs, as stable identifiers. Each has a
// message "crm.missing.<id>" telling the merchant what to tick in the key.
const (
	AccessSiteFull         = "site_access_full"
	AccessIntegrationRead  = "integration_read"
	AccessIntegrationWrite = "integration_write"
	AccessOrderRead        = "order_read"
	AccessOrderWrite       = "order_write"
)

// siteAccessFull is the siteAccess value of a key that may use every store.
const siteAccessFull = "access_full"

// requiredScopes are the API key scopes the module needs, in report order.
// The constant-table exception to "no globals".
var requiredScopes = [...]string{AccessIntegrationRead, AccessIntegrationWrite, AccessOrderRead, AccessOrderWrite}

// MissingAccess returns what c lacks, in a fixed order: AccessSiteFull when
// the key is limited to some stores, then each missing scope. It is empty
// when the key has everything. Old keys that list method paths in
// Credentials instead of scopes are reported as lacking every scope.
func MissingAccess(c Credentials) []string {
	var missing []string
	if c.SiteAccess != siteAccessFull {
		missing = append(missing, AccessSiteFull)
	}
	for _, s := range requiredScopes {
		if !slices.Contains(c.Scopes, s) {
			missing = append(missing, s)
		}
	}
	return missing
}

// MissingAccessError is the user-facing error for a key that lacks missing
// (from MissingAccess): problem.Forbidden "crm.missing_access". Its args are
// "List", a problem.Keys of the message keys crm.missing.<id>, which the web
// layer translates and joins.
func MissingAccessError(missing []string) *problem.Error {
	keys := make([]string, len(missing))
	for i, m := range missing {
		keys[i] = "crm.missing." + m
	}
	return problem.New(problem.Forbidden, "crm.missing_access", "List", problem.Keys(keys)).
		WithDetail("missing %s", strings.Join(missing, ","))
}
