package bench

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"waba-transport/internal/sim"
)

// traffic says which number and chat each inbound message belongs to, and
// builds the Cloud API webhook bodies 360dialog would post: one text
// message per webhook, as Meta delivers them.
type traffic struct {
	run     string // makes this run's wamids unique
	numbers int
	chats   int
}

// chat is message i's customer; number is the number the customer writes to.
func (t traffic) chat(i int) int        { return i % t.chats }
func (t traffic) number(i int) int      { return t.chat(i) % t.numbers }
func (t traffic) wamid(i int) string    { return wamid(t.run, t.phone(t.chat(i)), i) }
func (t traffic) text(i int) string     { return "bench message " + strconv.Itoa(i) }
func (t traffic) customer(c int) string { return fmt.Sprintf("ES.%010d", c) }
func (t traffic) phone(c int) string    { return fmt.Sprintf("346%08d", c) }

// wamid is built like WhatsApp's ids: "wamid." and the base64 of a short
// record holding the sender's phone number and a random-looking 20-digit
// hex id, here run and i mixed so that each is unique. A module's index of
// message ids therefore grows at a random place per message, as in real
// traffic, not at one end, as a counter would let it.
func wamid(run, phone string, i int) string {
	x := uint64(i)*0x9E3779B97F4A7C15 + 1 // a bijection: unique ids, in no order
	x ^= x >> 29
	rec := fmt.Appendf(nil, "\x1c\x18%c%s\x15\x02\x00\x12\x18\x14%.4s%016X\x00",
		len(phone), phone, strings.ToUpper(run)+"0000", x)
	return "wamid." + base64.StdEncoding.EncodeToString(rec)
}

// The Cloud API webhook, as far as a text message needs it.
type (
	hookBody struct {
		Object string      `json:"object"`
		Entry  []hookEntry `json:"entry"`
	}
	hookEntry struct {
		ID      string       `json:"id"`
		Changes []hookChange `json:"changes"`
	}
	hookChange struct {
		Field string    `json:"field"`
		Value hookValue `json:"value"`
	}
	hookValue struct {
		MessagingProduct string        `json:"messaging_product"`
		Metadata         hookMetadata  `json:"metadata"`
		Contacts         []hookContact `json:"contacts"`
		Messages         []hookMessage `json:"messages"`
	}
	hookMetadata struct {
		DisplayPhoneNumber string `json:"display_phone_number"`
		PhoneNumberID      string `json:"phone_number_id"`
	}
	hookContact struct {
		Profile struct {
			Name string `json:"name"`
		} `json:"profile"`
		WaID   string `json:"wa_id"`
		UserID string `json:"user_id"`
	}
	hookMessage struct {
		From       string `json:"from"`
		FromUserID string `json:"from_user_id"`
		ID         string `json:"id"`
		Timestamp  string `json:"timestamp"`
		Type       string `json:"type"`
		Text       struct {
			Body string `json:"body"`
		} `json:"text"`
	}
)

// bodies builds every message's webhook body before the clock starts, so
// building them is not part of what is measured.
func (t traffic) bodies(n int, nums []number, at time.Time) [][]byte {
	out := make([][]byte, n)
	ts := strconv.FormatInt(at.Unix(), 10)
	for i := range out {
		out[i] = t.body(i, nums[t.number(i)].sim, ts)
	}
	return out
}

func (t traffic) body(i int, n sim.Number, ts string) []byte {
	c := t.chat(i)
	phone := t.phone(c)
	var contact hookContact
	contact.Profile.Name = "Cliente " + strconv.Itoa(c)
	contact.WaID, contact.UserID = phone, t.customer(c)
	msg := hookMessage{From: phone, FromUserID: t.customer(c), ID: t.wamid(i), Timestamp: ts, Type: "text"}
	msg.Text.Body = t.text(i)
	b, err := json.Marshal(hookBody{Object: "whatsapp_business_account", Entry: []hookEntry{{
		ID: n.WABAID,
		Changes: []hookChange{{Field: "messages", Value: hookValue{
			MessagingProduct: "whatsapp",
			Metadata:         hookMetadata{DisplayPhoneNumber: n.DisplayPhone, PhoneNumberID: n.PhoneNumberID},
			Contacts:         []hookContact{contact},
			Messages:         []hookMessage{msg},
		}}},
	}}})
	if err != nil {
		panic("bench: marshal webhook: " + err.Error()) // fixed shapes: cannot fail
	}
	return b
}
