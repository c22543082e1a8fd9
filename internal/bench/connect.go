package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"
)

// connect connects the simulated CRM to the module and adds every number,
// through the module's JSON API, as an integrator would; it fills the
// numbers' channel ids and registered callbacks.
func connect(ctx context.Context, moduleURL string, w *world) error {
	hc := &http.Client{Timeout: 60 * time.Second}
	var c struct {
		ClientID string `json:"client_id"`
	}
	if err := postAPI(ctx, hc, moduleURL+"/api/v1/connections",
		map[string]string{"crm_url": w.crmURL, "api_key": crmKey}, &c); err != nil {
		return fmt.Errorf("bench: connect the CRM: %w", err)
	}
	for i := range w.numbers {
		var a struct {
			ChannelID int64 `json:"channel_id"`
		}
		if err := postAPI(ctx, hc, moduleURL+"/api/v1/connections/"+c.ClientID+"/accounts",
			map[string]string{"api_key": w.numbers[i].key, "name": "Bench shop " + strconv.Itoa(i)}, &a); err != nil {
			return fmt.Errorf("bench: add number %d: %w", i, err)
		}
		w.numbers[i].channelID = a.ChannelID
	}
	return w.hooks()
}

// postAPI posts a JSON body and decodes a 2xx answer into out.
func postAPI(ctx context.Context, hc *http.Client, url string, body, out any) error {
	b, err := json.Marshal(body)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(b))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("answered %d: %s", resp.StatusCode, bytes.TrimSpace(raw)) // the path holds the client id: not shown
	}
	return json.Unmarshal(raw, out)
}
