package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"time"

	"waba-transport/internal/crm"
	"waba-transport/internal/mg"
)

// passthroughCode is the pass-through's module code in the simulated CRM.
const passthroughCode = "bench-passthrough"

// endpoint is where one number's webhooks go on one process.
type endpoint struct {
	url     string
	headers map[string]string
}

// startPassthrough registers the pass-through as a MessageGateway transport
// in the simulated CRM, activates a channel per number, and starts the
// pass-through process (`bench -passthrough-child`). It returns the process
// and each number's endpoint on it.
func startPassthrough(ctx context.Context, o Options, w *world, dir string) (*proc, []endpoint, error) {
	hc := &http.Client{Timeout: 30 * time.Second}
	reg, err := crm.New(w.crmURL, crmKey, hc).EditIntegrationModule(ctx, crm.IntegrationModule{
		Code: passthroughCode, IntegrationCode: passthroughCode, Name: "Bench pass-through",
		ClientID: randomHex(16), BaseURL: "http://127.0.0.1", AccountURL: "/",
		Integrations: crm.Integrations{MgTransport: &crm.MgTransport{WebhookURL: "http://127.0.0.1/mg"}},
	})
	if err != nil {
		return nil, nil, fmt.Errorf("bench: register the pass-through: %w", err)
	}
	cfg := PassthroughConfig{MGURL: reg.MGTransport.EndpointURL, MGToken: reg.MGTransport.Token,
		Routes: map[string]PassthroughRoute{}}
	client := mg.New(cfg.MGURL, cfg.MGToken, hc)
	refs := make([]string, len(w.numbers))
	for i := range w.numbers {
		n := &w.numbers[i]
		ch, err := client.ActivateChannel(ctx, mg.Channel{ExternalID: n.sim.PhoneNumberID, Type: "whatsapp",
			Name: "Bench pass-through " + strconv.Itoa(i)})
		if err != nil {
			return nil, nil, fmt.Errorf("bench: activate the pass-through's channel: %w", err)
		}
		n.channelID, refs[i] = ch.ID, "n"+strconv.Itoa(i)
		cfg.Routes[refs[i]] = PassthroughRoute{Secret: randomHex(16), ChannelID: ch.ID}
	}
	in, err := json.Marshal(cfg)
	if err != nil {
		return nil, nil, err
	}

	p, err := startChild(ctx, o.Binary, filepath.Join(dir, "passthrough.log"), in)
	if err != nil {
		return nil, nil, err
	}
	eps := make([]endpoint, len(w.numbers))
	for i, ref := range refs {
		eps[i] = endpoint{url: p.url + "/webhooks/360dialog/" + ref,
			headers: map[string]string{ptSecretHeader: cfg.Routes[ref].Secret}}
	}
	return p, eps, nil
}

// startChild runs `bench -passthrough-child` with config on its standard
// input and learns its address from the first line it prints.
func startChild(ctx context.Context, bin, logPath string, config []byte) (*proc, error) {
	r, wr, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	p := &proc{logPath: logPath, done: make(chan struct{})}
	p.cmd = exec.Command(bin, "bench", "-passthrough-child")
	p.cmd.Stdin = bytes.NewReader(config)
	p.cmd.Stdout = wr
	for _, kv := range os.Environ() { // GOGC, GOMEMLIMIT... as for the module
		if len(kv) > 2 && kv[:2] == "GO" {
			p.cmd.Env = append(p.cmd.Env, kv)
		}
	}
	if p.cmd.Env == nil {
		p.cmd.Env = []string{}
	}
	err = p.start()
	wr.Close()
	if err != nil {
		r.Close()
		return nil, err
	}
	addr, err := readAddrLine(r)
	go func() { _, _ = io.Copy(io.Discard, r); r.Close() }()
	if err != nil {
		p.stop()
		return nil, errors.Join(err, errors.New(p.logTail()))
	}
	p.addr, p.url = addr, "http://"+addr
	if err := loopbackOnly(p.url); err != nil {
		p.stop()
		return nil, err
	}
	if err := p.waitReady(ctx, 30*time.Second); err != nil {
		p.stop()
		return nil, err
	}
	return p, nil
}
