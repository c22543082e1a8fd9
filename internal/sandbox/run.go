package sandbox

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"time"
)

// RunOptions configures the sandbox command.
type RunOptions struct {
	Addr    string
	Speed   float64
	DataDir string
	Stdout  io.Writer
	Logger  *slog.Logger
}

// Run is `waba-transport sandbox`: it starts everything, connects the
// simulated CRM and number, prints the page's address and runs until ctx ends.
func Run(ctx context.Context, o RunOptions) error {
	e, err := Start(ctx, Options{Addr: o.Addr, Speed: o.Speed, DataDir: o.DataDir, Logger: o.Logger,
		Connect: true, Extra: mountPage})
	if err != nil {
		return err
	}
	fmt.Fprintf(o.Stdout, "waba-transport sandbox is running.\n\n  Open %s/sandbox in a browser.\n\n", e.ModuleURL)
	fmt.Fprintf(o.Stdout, "  Module settings page: %s/settings/%s\n", e.ModuleURL, e.ClientID)
	fmt.Fprintf(o.Stdout, "  Simulated CRM:        %s   Simulated 360dialog: %s\n", e.CRMURL, e.D360URL)
	if o.Speed > 1 {
		fmt.Fprintf(o.Stdout, "  Timers are %g× faster: resend after %s (real: 9m30s), template sync every %s (real: 2h).\n",
			o.Speed, e.App.Config.ResendDelay.Round(time.Second), e.App.Config.TemplateSyncInterval.Round(time.Second))
	}
	fmt.Fprintln(o.Stdout, "\nPress Ctrl+C to stop.")
	<-ctx.Done()
	return e.Close()
}
