package relay_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"sync"
	"testing"
	"time"

	"waba-transport/internal/delivery"
	"waba-transport/internal/sandbox"
	"waba-transport/internal/sim"
	"waba-transport/internal/store"
)

// TestOperatorActionsReachWhatsApp: a file, a quoted reply, a read mark and a
// reaction from the CRM chat become the documented 360dialog requests; a
// repeated message_sent sends nothing new; edits are refused honestly.
func TestOperatorActionsReachWhatsApp(t *testing.T) {
	t.Parallel()
	for name, db := range store.TestDatabases(t) {
		t.Run(name, func(t *testing.T) {
			e := startEnv(t, db)
			key, c := sandbox.D360Key, sandbox.Customer
			hello, err := e.D360.CustomerText(key, c, "¿Tenéis la talla M?")
			if err != nil {
				t.Fatal(err)
			}
			if _, err := e.CRM.WaitMessages(context.Background(), e.ChannelID, 1); err != nil {
				t.Fatal(err)
			}

			// A photo with a caption: moved to 360dialog and sent by media id.
			_, res, err := e.CRM.OperatorSendFile(e.ChannelID, c.UserID,
				sim.FileSend{Data: jpeg, MIME: "image/jpeg", Name: "talla-m.jpg", Caption: "Esta es la M"})
			if err != nil || res.Error != nil {
				t.Fatalf("send file: %v %+v", err, res.Error)
			}
			sent, err := e.D360.WaitSent(context.Background(), key, 1)
			if err != nil {
				t.Fatal(err)
			}
			img, _ := sent[0].Body["image"].(map[string]any)
			up := e.D360.Uploaded(key)
			if sent[0].Body["type"] != "image" || img == nil || len(up) != 1 || img["id"] != up[0].ID ||
				!bytes.Equal(up[0].Data, jpeg) {
				t.Fatalf("image send %v, uploads %d", sent[0].Body, len(up))
			}

			// A quoted reply.
			mgID, _, err := e.CRM.OperatorSend(e.ChannelID, c.UserID, "Sí, la tenemos", sim.Quote(hello))
			if err != nil {
				t.Fatal(err)
			}
			sent, _ = e.D360.WaitSent(context.Background(), key, 2)
			quoted := sent[1].WAMID
			if ctx, _ := sent[1].Body["context"].(map[string]any); ctx["message_id"] != hello {
				t.Fatalf("reply does not quote the customer's message: %v", sent[1].Body)
			}

			// The operator read the chat: blue ticks for the customer.
			if _, err := e.CRM.OperatorRead(e.ChannelID, hello); err != nil {
				t.Fatal(err)
			}
			wait(t, "read mark at 360dialog", func() bool {
				for _, m := range e.D360.ReadMarks(key) {
					if m.MessageID == hello {
						return true
					}
				}
				return false
			})

			// A reaction on the customer's message.
			if _, err := e.CRM.OperatorReact(e.ChannelID, hello, "👍", ""); err != nil {
				t.Fatal(err)
			}
			sent, _ = e.D360.WaitSent(context.Background(), key, 3)
			if r, _ := sent[2].Body["reaction"].(map[string]any); sent[2].Body["type"] != "reaction" ||
				r["message_id"] != hello || r["emoji"] != "👍" {
				t.Fatalf("reaction: %v", sent[2].Body)
			}

			// MessageGateway delivers the same message_sent again: answered with
			// the same WhatsApp id, nothing sent.
			// (Polled: the first send may still be recording its id; until then
			// the honest answer is "async".)
			wait(t, "the repeated message_sent answered with the first id", func() bool {
				again, err := e.CRM.PostWebhook(e.ChannelID, "message_sent", map[string]any{"id": mgID, "type": "text",
					"content": "Sí, la tenemos", "external_chat_id": c.UserID, "external_user_id": c.UserID})
				return err == nil && again.ExternalMessageID == quoted
			})
			if n := len(e.D360.Sent(key)); n != 3 {
				t.Fatalf("%d sends after a repeated webhook, want 3", n)
			}

			// The CRM knows the reply by its WhatsApp id: answered at once, or
			// acknowledged after the send when the answer was "async".
			wait(t, "the reply's WhatsApp id at the CRM", func() bool {
				for _, op := range e.CRM.OperatorMessages(e.ChannelID) {
					if op.ID == mgID {
						return op.ExternalID == quoted
					}
				}
				return false
			})

			// WhatsApp cannot edit: said plainly, with a 4xx.
			edit, err := e.CRM.OperatorEdit(e.ChannelID, mgID, "Sí, la tenemos (M y L)")
			if err != nil {
				t.Fatal(err)
			}
			if edit.HTTPStatus < 400 || edit.HTTPStatus >= 500 || !bytes.Contains(edit.Body, []byte("edit")) {
				t.Fatalf("edit answered %d %s", edit.HTTPStatus, edit.Body)
			}
			if edit.HTTPStatus == http.StatusOK {
				t.Fatal("edit accepted")
			}
		})
	}
}

// TestSendsArePacedPerNumber: a burst of operator messages reaches 360dialog
// at no more than delivery.SendRate per second.
func TestSendsArePacedPerNumber(t *testing.T) {
	t.Parallel()
	e := startEnv(t, store.TestDatabases(t)["sqlite"])
	const n = 160
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			chat := fmt.Sprintf("3460000%04d", i%20)
			if _, _, err := e.CRM.OperatorSend(e.ChannelID, chat, fmt.Sprintf("burst %d", i), sim.ToCustomer(chat)); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	sent, err := e.D360.WaitSent(context.Background(), sandbox.D360Key, n)
	if err != nil {
		t.Fatal(err)
	}
	for i := range sent {
		j := i
		for j < len(sent) && sent[j].At.Sub(sent[i].At) < time.Second {
			j++
		}
		if j-i > delivery.SendRate {
			t.Fatalf("%d sends within one second from #%d, limit %d", j-i, i, delivery.SendRate)
		}
	}
	for _, m := range sent {
		if m.ErrorCode != 0 {
			t.Fatalf("360dialog refused a send with %d", m.ErrorCode)
		}
	}
}
