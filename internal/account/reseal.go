package account

import (
	"context"
	"fmt"
)

// Reseal re-encrypts every stored secret that was sealed with a key other
// than the current one (the first of WABA_SECRET_KEY). Rotation: put the new
// key first, keep the old one listed, run this (it also runs daily), then
// drop the old key. It returns how many values it re-sealed.
func (s *Service) Reseal(ctx context.Context) (int, error) {
	n := 0
	cids, err := s.st.ConnectionIDs(ctx)
	if err != nil {
		return 0, err
	}
	for _, id := range cids {
		c, err := s.st.ConnectionByID(ctx, id)
		if err != nil {
			return n, err
		}
		changed := false
		for _, f := range []struct {
			v   *string
			col string
		}{{&c.ClientIDEnc, "client_id"}, {&c.CRMKeyEnc, "crm_key"}, {&c.MGTokenEnc, "mg_token"}} {
			if ok, err := s.reseal(f.v, bindConn(c.ClientIDHash, f.col)); err != nil {
				return n, fmt.Errorf("connection %d %s: %w", c.ID, f.col, err)
			} else if ok {
				changed = true
				n++
			}
		}
		if changed {
			if err := s.st.UpdateConnection(ctx, c); err != nil {
				return n, err
			}
		}
		if err := s.resealAccounts(ctx, c.ID, &n); err != nil {
			return n, err
		}
	}
	if n > 0 {
		s.log.Info("re-sealed stored secrets with the current key", "count", n)
	}
	return n, nil
}

func (s *Service) resealAccounts(ctx context.Context, connID int64, n *int) error {
	accounts, err := s.st.Accounts(ctx, connID)
	if err != nil {
		return err
	}
	for _, a := range accounts {
		ok, err := s.reseal(&a.D360KeyEnc, bindAccount(a.Ref, "d360_key"))
		if err != nil {
			return fmt.Errorf("account %d: %w", a.ID, err)
		}
		if ok {
			*n++
			if err := s.st.UpdateAccount(ctx, a); err != nil {
				return err
			}
		}
	}
	return nil
}

// reseal re-encrypts *v in place when it needs it.
func (s *Service) reseal(v *string, binding string) (bool, error) {
	if *v == "" || !s.box.NeedsReseal(*v) {
		return false, nil
	}
	plain, err := s.box.Open(*v, binding)
	if err != nil {
		return false, err
	}
	*v = s.box.Seal(plain, binding)
	return true, nil
}
