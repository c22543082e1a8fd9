package relay

import (
	"sync"

	"waba-transport/internal/dialog360"
)

// handoffSize bounds the messages a process keeps parsed for its jobs: at
// thousands of messages a second the jobs run within milliseconds of their
// webhook, so a few thousand cover every job that is not behind a backlog.
const handoffSize = 4096

// handoff passes a message parsed at intake to its inbound job when that job
// runs in the same process, so the stored webhook is not parsed a second
// time (it was 6 % of the module's CPU under load). It is only a shortcut:
// a job that finds nothing here (another replica took the webhook, the
// process restarted, the entry gave way to newer ones, a retry) reads the
// stored webhook as before. Entries are read-only once handed over.
type handoff struct {
	mu    sync.Mutex
	byKey map[handoffKey]parsedMessage
	ring  []handoffKey // insertion order, to drop the oldest entry first
	next  int
}

type handoffKey struct {
	account int64
	wamid   string
}

// parsedMessage is a message and its sender's contact, as parsed at intake.
type parsedMessage struct {
	msg     *dialog360.Message
	contact *dialog360.Contact
}

func newHandoff(size int) *handoff {
	return &handoff{byKey: make(map[handoffKey]parsedMessage, size), ring: make([]handoffKey, size)}
}

// put keeps p for the job of the account's message wamid, dropping the
// oldest entry when full.
func (h *handoff) put(account int64, wamid string, p parsedMessage) {
	k := handoffKey{account, wamid}
	h.mu.Lock()
	defer h.mu.Unlock()
	if old := h.ring[h.next]; old.wamid != "" {
		delete(h.byKey, old) // if it was not taken yet
	}
	h.ring[h.next] = k
	h.next = (h.next + 1) % len(h.ring)
	h.byKey[k] = p
}

// take returns and forgets the message kept for wamid.
func (h *handoff) take(account int64, wamid string) (parsedMessage, bool) {
	k := handoffKey{account, wamid}
	h.mu.Lock()
	defer h.mu.Unlock()
	p, ok := h.byKey[k]
	delete(h.byKey, k)
	return p, ok
}
