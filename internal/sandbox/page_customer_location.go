package sandbox

import (
	"net/http"
	"strings"
)

// customerLocationIn is a place the customer shares.
type customerLocationIn struct {
	Latitude  *float64 `json:"latitude"`
	Longitude *float64 `json:"longitude"`
	Name      string   `json:"name"`
	Address   string   `json:"address"`
	AgeHours  float64  `json:"age_hours"`
}

// handleCustomerLocation makes the customer share a location.
func (p *page) handleCustomerLocation(w http.ResponseWriter, r *http.Request) {
	var in customerLocationIn
	if err := decode(w, r, &in); err != nil {
		writeError(w, err)
		return
	}
	switch {
	case in.Latitude == nil || *in.Latitude < -90 || *in.Latitude > 90:
		writeError(w, bad("latitude is required, between -90 and 90"))
		return
	case in.Longitude == nil || *in.Longitude < -180 || *in.Longitude > 180:
		writeError(w, bad("longitude is required, between -180 and 180"))
		return
	case len(in.Name) > 1000 || len(in.Address) > 1000:
		writeError(w, bad("name and address are at most 1000 bytes"))
		return
	}
	a, err := age(in.AgeHours)
	if err != nil {
		writeError(w, err)
		return
	}
	loc := map[string]any{"latitude": *in.Latitude, "longitude": *in.Longitude}
	if s := strings.TrimSpace(in.Name); s != "" {
		loc["name"] = s
	}
	if s := strings.TrimSpace(in.Address); s != "" {
		loc["address"] = s
	}
	ok(w, p.customerSend(map[string]any{"type": "location", "location": loc}, a))
}
