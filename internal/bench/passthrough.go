package bench

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"

	"waba-transport/internal/dialog360"
	"waba-transport/internal/mg"
)

// ptSecretHeader carries a number's secret to the pass-through, as
// X-Waba-Secret does to the module.
const ptSecretHeader = "X-Bench-Secret"

// replyWindow is WhatsApp's 24-hour customer service window, sent as the
// message's reply deadline like the module does.
const replyWindow = 24 * time.Hour

// PassthroughConfig is what the benchmark hands its pass-through child on
// standard input (never on the command line: it holds the MG token).
type PassthroughConfig struct {
	MGURL   string `json:"mg_url"`
	MGToken string `json:"mg_token"`
	// Routes maps the last path segment of /webhooks/360dialog/{ref} to a
	// number's secret and MessageGateway channel.
	Routes map[string]PassthroughRoute `json:"routes"`
}

// PassthroughRoute is one number of the pass-through.
type PassthroughRoute struct {
	Secret    string `json:"secret"`
	ChannelID int64  `json:"channel_id"`
}

// ServePassthrough is the pass-through relay's process (`waba-transport
// bench -passthrough-child`): it reads a PassthroughConfig from in, listens on
// a free loopback port, writes "listening ADDR" to out, and serves until ctx
// ends. It keeps nothing: each webhook is parsed and its messages are posted
// to MessageGateway before the 200, which is the least any relay must do.
func ServePassthrough(ctx context.Context, in io.Reader, out io.Writer) error {
	var cfg PassthroughConfig
	if err := json.NewDecoder(in).Decode(&cfg); err != nil {
		return fmt.Errorf("bench: pass-through configuration: %w", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	client := mg.New(cfg.MGURL, cfg.MGToken, &http.Client{Timeout: 30 * time.Second, Transport: transport(256)})
	mux := http.NewServeMux()
	mux.Handle("POST /webhooks/360dialog/{ref}", passthroughHandler(cfg.Routes, client))
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusOK) })
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 2 * time.Minute}
	if _, err := fmt.Fprintf(out, "listening %s\n", ln.Addr()); err != nil {
		ln.Close()
		return err
	}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err = <-done:
	case <-ctx.Done():
		shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		err = srv.Shutdown(shutdown)
	}
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return err
}

// passthroughHandler checks the number's secret, parses the Cloud API
// webhook and posts each message to MessageGateway synchronously: 200 when
// all were delivered (or already were), 502 otherwise so the sender retries.
func passthroughHandler(routes map[string]PassthroughRoute, client *mg.Client) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		route, ok := routes[r.PathValue("ref")]
		if !ok || subtle.ConstantTimeCompare([]byte(r.Header.Get(ptSecretHeader)), []byte(route.Secret)) != 1 {
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 1<<20))
		if err != nil {
			http.Error(w, "body too large", http.StatusRequestEntityTooLarge)
			return
		}
		hook, err := dialog360.ParseWebhook(body)
		if err != nil {
			http.Error(w, "invalid webhook", http.StatusBadRequest)
			return
		}
		for _, v := range hook.Values() {
			for i := range v.Messages {
				_, err := client.SendMessage(r.Context(), passthroughMessage(route.ChannelID, v, &v.Messages[i]))
				if err != nil && !mg.IsDuplicate(err) {
					http.Error(w, "messagegateway: "+err.Error(), http.StatusBadGateway)
					return
				}
			}
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, "{}")
	})
}

// passthroughMessage maps a message the simplest way: its text, or its type
// in brackets.
func passthroughMessage(channelID int64, v *dialog360.Value, m *dialog360.Message) mg.SendData {
	chat := m.FromUserID
	if chat == "" {
		chat = m.From
	}
	name := chat
	if c := v.Contact(m); c != nil && c.Profile.Name != "" {
		name = c.Profile.Name
	}
	text := "[" + m.Type + "]"
	if m.Text != nil && m.Text.Body != "" {
		text = m.Text.Body
	}
	d := mg.SendData{Channel: channelID, ExternalChatID: chat, Originator: mg.OriginatorCustomer,
		Customer: mg.Customer{ExternalID: chat, Nickname: name},
		Message:  mg.Message{Type: mg.MessageText, ExternalID: m.ID, Text: text}}
	if sent := m.Time(); !sent.IsZero() {
		deadline := sent.Add(replyWindow)
		d.Message.CreatedAt, d.ReplyDeadline = &sent, &deadline
	}
	return d
}
