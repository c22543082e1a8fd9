// Package sim holds two in-process HTTP simulators of the outside systems
// waba-transport talks to. The sandbox command serves them next to the module,
// and every end-to-end test drives the module through them.
//
// Dialog360 simulates the 360dialog Cloud API (waba-v2.360dialog.io) for any
// number of WhatsApp numbers, one D360-API-KEY each: health status, webhook
// registration, POST /messages with send validation (including template
// existence, approval and parameter counts), mark-as-read, media upload,
// lookup and download, and the template list/create/delete endpoints. Its
// customer side (CustomerText, CustomerMessage, DeliverRaw, MarkRead) builds
// Cloud API webhook bodies and POSTs them to the registered URL with the
// registered headers; accepted sends produce asynchronous status webhooks
// (sent, delivered, read, or failed) in a configurable mode. Deliveries that
// are not answered with 200 are retried with a bounded backoff, like
// 360dialog does. Failures can be injected (asynchronous "failed" statuses,
// synchronous Meta-shaped errors).
//
// CRM simulates one RetailCRM account (API v5 subset: /api/credentials and the
// integration-modules endpoints, plus the activity callback) together with its
// MessageGateway transport API under /mg/api/transport/v1: channels, messages,
// acks, reads, reactions, files and templates. Its operator side
// (OperatorSend, OperatorSendTemplate, OperatorSendFile, ...) posts MG
// webhooks to the module's webhookUrl with the Clientid header and records
// the module's synchronous reply. An operator message's status follows MG's
// vocabulary: sending, sent (synchronous external_message_id or an ack),
// seen (POST /messages/read) or failed (error reply or error ack); MG has no
// separate "delivered".
//
// Tests wait for events with WaitSent, WaitMessages, Wait (any condition) or
// Idle (no pending status webhook or retry), never with sleeps. A viewer such
// as the sandbox page reads the injected behaviour and stored files back with
// PendingFailures, FailCode, StatusModeOf, WebhookDelay, Media, IsDown and
// FileURL.
//
// What is not simulated: signatures (360dialog partner HMAC), rate limits and
// throughput errors (unless injected), the 24-hour window and pricing rules,
// template review (statuses change only through SetTemplateStatus), the
// Partner API, WABA-level and multi webhooks, the CRM's other API v5 methods,
// MG's bot API, and MG message history/restore. Both simulators keep all state
// in memory; they are safe for concurrent use.
//
// The package deliberately implements the wire formats on its own, without
// the module's client packages, so that end-to-end tests check the module
// against an independent reading of the documentation.
package sim
