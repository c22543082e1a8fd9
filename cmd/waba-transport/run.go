package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"runtime/debug"

	"waba-transport/internal/app"
	"waba-transport/internal/config"
	"waba-transport/internal/sandbox"
)

// version is set at build time with -ldflags "-X main.version=..."; otherwise
// the module version from the build info is used.
var version = ""

const usage = `waba-transport connects WhatsApp Business numbers (360dialog) to the RetailCRM / Simla.com chat.

Usage:
  waba-transport serve              run the module (configuration from WABA_* environment variables)
  waba-transport sandbox [flags]    run the module with a simulated CRM chat and 360dialog, and a browser page
  waba-transport bench [flags]      run the load benchmark against simulators and print the table (-h for flags)
  waba-transport version            print the version

Sandbox flags:
  -addr string   listen address of the sandbox (default "127.0.0.1:8090")
  -speed float   make the resend delay and the template sync interval this many times shorter (default 60)
`

// run is the whole program; main only wires the process to it.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return errors.New("missing command")
	}
	switch args[0] {
	case "version", "-version", "--version":
		fmt.Fprintln(stdout, "waba-transport", versionString())
		return nil
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	case "serve":
		return serve(ctx, getenv, stderr)
	case "bench":
		return benchCmd(ctx, args[1:], stdout, stderr)
	case "sandbox":
		fs := flag.NewFlagSet("sandbox", flag.ContinueOnError)
		fs.SetOutput(stderr)
		addr := fs.String("addr", "127.0.0.1:8090", "listen address")
		speed := fs.Float64("speed", 60, "how many times shorter the resend delay and template sync interval are")
		dataDir := fs.String("data", "", "directory for the sandbox database (default: a temporary directory)")
		if err := fs.Parse(args[1:]); err != nil {
			return err
		}
		return sandbox.Run(ctx, sandbox.RunOptions{Addr: *addr, Speed: *speed, DataDir: *dataDir,
			Stdout: stdout, Logger: newLogger(stderr, slog.LevelInfo)})
	default:
		fmt.Fprint(stderr, usage)
		return fmt.Errorf("unknown command %q", args[0])
	}
}

func serve(ctx context.Context, getenv func(string) string, stderr io.Writer) error {
	cfg, err := config.Load(getenv)
	if err != nil {
		return err
	}
	gcDefaults(getenv)
	ln, err := net.Listen("tcp", cfg.HTTPAddr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.HTTPAddr, err)
	}
	return app.Serve(ctx, cfg, app.Options{Logger: newLogger(stderr, cfg.LogLevel)}, ln)
}

// newLogger writes structured JSON logs.
func newLogger(w io.Writer, level slog.Level) *slog.Logger {
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: level}))
}

func versionString() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
}
