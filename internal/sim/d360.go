package sim

import (
	"context"
	"encoding/base64"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// Dialog360Options configures a Dialog360 simulator. Zero values give usable
// defaults.
type Dialog360Options struct {
	// BaseURL is the address the simulator is served at; it is used in media
	// URLs. Empty means the scheme and host of each request.
	BaseURL string
	// HTTPClient delivers webhooks; default has the 5 s timeout 360dialog uses.
	HTTPClient *http.Client
	// IDPrefix makes generated ids (wamids, media ids) deterministic; empty
	// means random, so ids from a restarted sandbox never repeat old ones.
	IDPrefix string
	// Logger receives debug logs; never secrets.
	Logger *slog.Logger
	// Now is the clock for timestamps; default time.Now.
	Now func() time.Time
	// RetryDelays are the waits before each webhook redelivery after a non-200
	// answer; nil means 1 s, 5 s, 30 s. An empty non-nil slice disables retries.
	RetryDelays []time.Duration
	// StatusDelay is the wait before each status webhook of a send (sent after
	// one step, delivered after two, read after three). Zero means 50 ms; a
	// negative value means no wait.
	StatusDelay time.Duration
}

// Dialog360 is a simulated 360dialog Cloud API serving many numbers, each with
// its own API key. Create it with NewDialog360 and Close it when done.
type Dialog360 struct {
	baseURL string
	bg      *background
	client  *http.Client
	ids     *idGen
	log     *slog.Logger
	note    *notifier
	now     func() time.Time

	mu          sync.Mutex
	numbers     map[string]*number // by API key
	retryDelays []time.Duration
	statusDelay time.Duration
}

// NewDialog360 returns a simulator with no numbers.
func NewDialog360(opts Dialog360Options) *Dialog360 {
	now, client, log := orDefault(opts.Now, opts.HTTPClient, opts.Logger)
	retry := opts.RetryDelays
	if retry == nil {
		retry = []time.Duration{time.Second, 5 * time.Second, 30 * time.Second}
	}
	delay := opts.StatusDelay
	switch {
	case delay == 0:
		delay = 50 * time.Millisecond
	case delay < 0:
		delay = 0
	}
	return &Dialog360{
		baseURL:     opts.BaseURL,
		bg:          newBackground(),
		client:      client,
		ids:         newIDGen(opts.IDPrefix),
		log:         log,
		note:        newNotifier(),
		now:         now,
		numbers:     map[string]*number{},
		retryDelays: retry,
		statusDelay: delay,
	}
}

// Number describes one simulated WhatsApp channel.
type Number struct {
	APIKey        string
	DisplayPhone  string
	PhoneNumberID string
	WABAID        string
}

// Customer is the person on the other side. Phone may be empty for users
// known only by username; UserID is the BSUID (e.g. "ES.12345") and is left
// out of webhooks when empty, as in pre-2026 payloads.
type Customer struct {
	Name     string
	Phone    string
	UserID   string
	Username string
}

// number is the state behind one API key.
type number struct {
	Number
	customers  map[string]Customer // by phone and by BSUID
	deliveries []Delivery
	failNext   []int
	hasHook    bool
	health     string // can_send_message; "" = AVAILABLE
	healthWhy  string
	hookHdrs   map[string]string
	hookURL    string
	inbound    map[string]bool // wamids customers sent
	media      map[string]*media
	mode       StatusMode
	outbound   map[string]outbound
	readMarks  []ReadMark
	rejectNext []rejection
	sent       []SentMessage
	templates  []map[string]any
	uploaded   []string
}

// AddNumber creates a channel reachable with apiKey. Adding a key twice
// returns the existing number.
func (d *Dialog360) AddNumber(apiKey, displayPhone string) Number {
	d.mu.Lock()
	defer d.mu.Unlock()
	if n, ok := d.numbers[apiKey]; ok {
		return n.Number
	}
	n := &number{
		Number: Number{
			APIKey:        apiKey,
			DisplayPhone:  displayPhone,
			PhoneNumberID: d.ids.numeric(),
			WABAID:        d.ids.numeric(),
		},
		customers: map[string]Customer{},
		inbound:   map[string]bool{},
		media:     map[string]*media{},
		mode:      StatusNormal,
		outbound:  map[string]outbound{},
	}
	d.numbers[apiKey] = n
	return n.Number
}

// Numbers lists every channel, for the sandbox page.
func (d *Dialog360) Numbers() []Number {
	d.mu.Lock()
	defer d.mu.Unlock()
	out := make([]Number, 0, len(d.numbers))
	for _, n := range d.numbers {
		out = append(out, n.Number)
	}
	return out
}

// SetWebhookDelay sets the wait before each status webhook (0 = none).
func (d *Dialog360) SetWebhookDelay(delay time.Duration) {
	d.mu.Lock()
	d.statusDelay = max(delay, 0)
	d.mu.Unlock()
}

// Wait blocks until cond (which may call the simulator's getters) is true or
// ctx ends; it is re-checked after every recorded event.
func (d *Dialog360) Wait(ctx context.Context, cond func() bool) error {
	return d.note.wait(ctx, cond)
}

// Idle waits until no status webhook or redelivery is pending.
func (d *Dialog360) Idle(ctx context.Context) error { return d.bg.idle(ctx) }

// Close stops pending webhooks and retries.
func (d *Dialog360) Close() { d.bg.close() }

// changed records a state change for waiters.
func (d *Dialog360) changed() { d.note.signal() }

// lookup returns the number for apiKey; callers hold d.mu.
func (d *Dialog360) lookup(apiKey string) (*number, error) {
	n, ok := d.numbers[apiKey]
	if !ok {
		return nil, fmt.Errorf("sim: no number with that API key")
	}
	return n, nil
}

// idGen makes ids that look like the real ones and never repeat in a process.
type idGen struct {
	mu     sync.Mutex
	n      int64
	prefix string
}

func newIDGen(prefix string) *idGen {
	if prefix == "" {
		prefix = randomToken()[:8]
	}
	return &idGen{prefix: prefix}
}

func (g *idGen) next() int64 {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.n++
	return g.n
}

// wamid returns a message id shaped like Meta's ("wamid." + base64).
func (g *idGen) wamid() string {
	raw := fmt.Sprintf("SIM%s%08d", g.prefix, g.next())
	return "wamid." + base64.StdEncoding.EncodeToString([]byte(raw))
}

// numeric returns a 16-digit id like Meta's media and phone-number ids.
func (g *idGen) numeric() string {
	var h int64
	for _, c := range g.prefix {
		h = (h*31 + int64(c)) % 9_000_000
	}
	return strconv.FormatInt(1_000_000_000_000_000+h*100_000_000+g.next(), 10)
}
