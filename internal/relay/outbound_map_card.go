package relay

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"waba-transport/internal/dialog360"
	"waba-transport/internal/mg"
)

// Product and order cards have no WhatsApp counterpart outside a Meta
// catalog, so they go as text in WhatsApp markup: the name in bold, the
// price, the link. Labels are in the connection's language; amounts are
// written with a dot and the currency code as MessageGateway gives it
// (12.50 EUR). The shapes follow MessageGateway's MessageProduct and
// MessageOrder (transport-api-client-go); unknown fields are ignored.

type cardCost struct {
	Value    float64 `json:"value"`
	Currency string  `json:"currency"`
}

type cardQuantity struct {
	Value float64 `json:"value"`
	Unit  string  `json:"unit"`
}

type cardProduct struct {
	Name    string    `json:"name"`
	Article string    `json:"article"`
	URL     string    `json:"url"`
	Img     string    `json:"img"`
	Cost    *cardCost `json:"cost"`
}

type cardOrder struct {
	Number string    `json:"number"`
	URL    string    `json:"url"`
	Cost   *cardCost `json:"cost"`
	// Discount is the order's discount, shown when not zero.
	Discount *cardCost `json:"discount"`
	Status   *struct {
		Name string `json:"name"`
	} `json:"status"`
	Delivery *struct {
		Name    string    `json:"name"`
		Price   *cardCost `json:"price"`
		Address string    `json:"address"`
		Comment string    `json:"comment"`
	} `json:"delivery"`
	Payments []struct {
		Name   string    `json:"name"`
		Amount *cardCost `json:"amount"`
		Status *struct {
			Name  string `json:"name"`
			Payed *bool  `json:"payed"`
		} `json:"status"`
	} `json:"payments"`
	Items []struct {
		Name     string        `json:"name"`
		Price    *cardCost     `json:"price"`
		Quantity *cardQuantity `json:"quantity"`
	} `json:"items"`
}

// planProduct sends a product card as text.
func planProduct(m dialog360.OutMessage, raw json.RawMessage, t translator, rf refuseFunc) (outboundPlan, *mg.SentError) {
	var c cardProduct
	if len(raw) == 0 || json.Unmarshal(raw, &c) != nil || strings.TrimSpace(c.Name) == "" {
		return outboundPlan{}, rf("outbound.card_invalid", nil)
	}
	lines := []string{"*" + strings.TrimSpace(c.Name) + "*"}
	if c.Article != "" {
		lines = append(lines, t("outbound.card_article", nil)+": "+c.Article)
	}
	if s := money(c.Cost); s != "" {
		lines = append(lines, t("outbound.card_price", nil)+": "+s)
	}
	switch {
	case c.URL != "":
		lines = append(lines, c.URL)
	case c.Img != "":
		lines = append(lines, c.Img)
	}
	return cardPlan(m, lines), nil
}

// planOrder sends an order card as text.
func planOrder(m dialog360.OutMessage, raw json.RawMessage, t translator, rf refuseFunc) (outboundPlan, *mg.SentError) {
	var o cardOrder
	if len(raw) == 0 || json.Unmarshal(raw, &o) != nil || o.Number == "" && len(o.Items) == 0 && o.Cost == nil {
		return outboundPlan{}, rf("outbound.card_invalid", nil)
	}
	title := t("outbound.card_order_untitled", nil)
	if o.Number != "" {
		title = t("outbound.card_order", map[string]any{"Number": o.Number})
	}
	title = "*" + title + "*"
	if o.Status != nil && o.Status.Name != "" {
		title += " (" + o.Status.Name + ")"
	}
	lines := []string{title}
	for i, it := range o.Items {
		line := strconv.Itoa(i+1) + ". " + it.Name
		var parts []string
		if q := it.Quantity; q != nil && q.Value != 0 {
			parts = append(parts, strings.TrimSpace(strconv.FormatFloat(q.Value, 'f', -1, 64)+" "+q.Unit))
		}
		if s := money(it.Price); s != "" {
			parts = append(parts, s)
		}
		if len(parts) > 0 {
			line += " — " + strings.Join(parts, " × ")
		}
		lines = append(lines, line)
	}
	if d := o.Delivery; d != nil && d.Name != "" {
		lines = append(lines, joinNonEmpty(" — ", t("outbound.card_delivery", nil)+": "+d.Name, money(d.Price)))
		if s := joinNonEmpty("; ", d.Address, d.Comment); s != "" {
			lines = append(lines, s)
		}
	}
	for _, p := range o.Payments {
		line := joinNonEmpty(" — ", t("outbound.card_payment", nil)+": "+p.Name, money(p.Amount))
		if st := p.Status; st != nil && st.Payed != nil && *st.Payed {
			line += " (" + t("outbound.card_paid", nil) + ")"
		} else if st != nil && st.Name != "" {
			line += " (" + st.Name + ")"
		}
		lines = append(lines, line)
	}
	if s := money(o.Discount); s != "" {
		lines = append(lines, t("outbound.card_discount", nil)+": "+s)
	}
	if s := money(o.Cost); s != "" {
		lines = append(lines, "*"+t("outbound.card_total", nil)+": "+s+"*")
	}
	if o.URL != "" {
		lines = append(lines, o.URL)
	}
	return cardPlan(m, lines), nil
}

// cardPlan sends lines as one text, cut to WhatsApp's limit (a long order
// loses its last lines rather than the whole message).
func cardPlan(m dialog360.OutMessage, lines []string) outboundPlan {
	body := strings.Join(lines, "\n")
	if utf8.RuneCountInString(body) > MaxTextChars {
		body = string([]rune(body)[:MaxTextChars-1]) + "…"
	}
	m.Type = "text"
	m.Text = &dialog360.Text{Body: body, PreviewURL: hasLink(body)}
	return outboundPlan{Msg: m}
}

// money writes an amount as "12.50 EUR" ("12 EUR" when whole); "" for none.
func money(c *cardCost) string {
	if c == nil || c.Value == 0 {
		return ""
	}
	prec := 2
	if c.Value == math.Trunc(c.Value) {
		prec = 0
	}
	return strings.TrimSpace(strconv.FormatFloat(c.Value, 'f', prec, 64) + " " + c.Currency)
}

func joinNonEmpty(sep string, parts ...string) string {
	var out []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, sep)
}
