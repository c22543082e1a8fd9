package sim

import (
	"context"
	"log/slog"
	"net/http"
	"sync"
	"time"
)

// CRMOptions configures a CRM simulator. Zero values give usable defaults.
type CRMOptions struct {
	// BaseURL is the CRM address the merchant enters; it is used for
	// endpointUrl, systemUrl and file URLs. Empty means the scheme and host of
	// each request (systemUrl then uses the last request seen).
	BaseURL string
	// HTTPClient posts MG webhooks and activity callbacks and fetches
	// upload_by_url sources.
	HTTPClient *http.Client
	// Logger receives debug logs; never secrets.
	Logger *slog.Logger
	// Now is the clock for timestamps; default time.Now.
	Now func() time.Time
}

// CRM is a simulated RetailCRM account with its MessageGateway. The MG
// transport API lives under /mg on the same server, so its endpointUrl is the
// CRM base URL + "/mg". Create it with NewCRM and Close it when done.
type CRM struct {
	baseURL string
	bg      *background
	client  *http.Client
	log     *slog.Logger
	note    *notifier
	now     func() time.Time

	mu       sync.Mutex
	acks     []Ack
	channels []*Channel
	down     bool
	files    map[string]*mgFile
	keys     map[string]keyAccess
	lastBase string
	messages []*Message
	// msgIndex finds messages without scanning them all: the load benchmark
	// posts tens of thousands, and a scan per post made the simulator, not
	// the module, the bottleneck.
	msgIndex  msgIndex
	modules   map[string]*module
	nextID    int64
	ops       []*OperatorMessage
	reactions []Reaction
	reads     []Read
	// refusedDuplicates counts POST /messages refused for a repeated external_id.
	refusedDuplicates int
	slow              time.Duration
	templates         []*Template
	unpaid            bool
	webhooks          []WebhookCall
}

// keyAccess is what an API key may do.
type keyAccess struct {
	scopes     []string
	siteAccess string
}

// module is a registered integration module.
type module struct {
	data  map[string]any
	token string // the MG transport token issued to it
}

// NewCRM returns a paid CRM account with no API keys.
func NewCRM(opts CRMOptions) *CRM {
	now, client, log := orDefault(opts.Now, opts.HTTPClient, opts.Logger)
	return &CRM{
		baseURL:  opts.BaseURL,
		bg:       newBackground(),
		client:   client,
		log:      log,
		note:     newNotifier(),
		now:      now,
		files:    map[string]*mgFile{},
		msgIndex: newMsgIndex(),
		keys:     map[string]keyAccess{},
		modules:  map[string]*module{},
	}
}

// FullAccessScopes returns the scopes of a full-access API key.
func FullAccessScopes() []string {
	return []string{
		"order_read", "order_write", "customer_read", "customer_write", "store_read", "store_write",
		"reference_read", "reference_write", "analytics_read", "telephony_read", "telephony_write",
		"delivery_read", "delivery_write", "user_read", "user_write", "segment_read", "segment_write",
		"integration_read", "integration_write", "custom_fields_read", "custom_fields_write",
		"task_read", "task_write", "cost_read", "cost_write", "payments_read", "payments_write",
		"file_read", "file_write", "loyalty_read", "loyalty_write", "verification_read", "verification_write",
	}
}

// AddAPIKey lets key call the CRM API with scopes; siteAccess is
// "access_full" or "access_selective".
func (c *CRM) AddAPIKey(key string, scopes []string, siteAccess string) {
	c.mu.Lock()
	c.keys[key] = keyAccess{scopes: append([]string(nil), scopes...), siteAccess: siteAccess}
	c.mu.Unlock()
}

// SetPaid sets whether the account has paid; unpaid accounts get 402 on
// integration module edits.
func (c *CRM) SetPaid(paid bool) {
	c.mu.Lock()
	c.unpaid = !paid
	c.mu.Unlock()
}

// SetDown makes every MG endpoint answer 503 (or serve again).
func (c *CRM) SetDown(down bool) {
	c.mu.Lock()
	c.down = down
	c.mu.Unlock()
}

// SetSlow makes every MG endpoint wait d before answering.
func (c *CRM) SetSlow(d time.Duration) {
	c.mu.Lock()
	c.slow = max(d, 0)
	c.mu.Unlock()
}

// Handler serves the CRM API and, under /mg, the MG transport API.
func (c *CRM) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/credentials", c.credentials)
	mux.HandleFunc("POST /api/v5/integration-modules/{code}/edit", c.editModule)
	mux.HandleFunc("GET /api/v5/integration-modules/{code}", c.getModule)
	c.mgRoutes(mux)
	return mux
}

// Wait blocks until cond (which may call the simulator's getters) is true or
// ctx ends; it is re-checked after every recorded event.
func (c *CRM) Wait(ctx context.Context, cond func() bool) error { return c.note.wait(ctx, cond) }

// Idle waits until no background work is pending.
func (c *CRM) Idle(ctx context.Context) error { return c.bg.idle(ctx) }

// Close stops background work.
func (c *CRM) Close() { c.bg.close() }

// changed records a state change for waiters.
func (c *CRM) changed() { c.note.signal() }

// base returns the CRM base URL for a request and remembers it.
func (c *CRM) base(r *http.Request) string {
	if c.baseURL != "" {
		return c.baseURL
	}
	b := requestBase(r)
	c.mu.Lock()
	c.lastBase = b
	c.mu.Unlock()
	return b
}

// systemURL is the CRM address outside a request.
func (c *CRM) systemURL() string {
	if c.baseURL != "" {
		return c.baseURL
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.lastBase
}

// id returns the next MG id; callers hold c.mu.
func (c *CRM) id() int64 {
	c.nextID++
	return c.nextID
}

// mgTime formats times like MG does.
func mgTime(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

// RefusedDuplicates counts inbound messages MG refused because a message with
// the same external_id existed: a transport that deduplicates itself never
// causes one.
func (c *CRM) RefusedDuplicates() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.refusedDuplicates
}
