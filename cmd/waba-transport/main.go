// Command waba-transport connects WhatsApp Business numbers (360dialog) to the
// RetailCRM / Simla.com chat (MessageGateway). See README.md.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "waba-transport:", err)
		os.Exit(1)
	}
}
