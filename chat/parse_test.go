package chat

import (
	"errors"
	"fmt"
	"testing"

	"gridbot/catalog"
	"gridbot/grid"
	"gridbot/points"
	"gridbot/store"
)

func TestSplitRegistration(t *testing.T) {
	tests := []struct {
		name, in          string
		wantName, wantTel string
		wantOK            bool
	}{
		{"name then phone", "张三 13800000000", "张三", "13800000000", true},
		{"phone then name", "13800000000 张三", "张三", "13800000000", true},
		{"comma", "张三，13800000000", "张三", "13800000000", true},
		{"no space", "张三13800000000", "张三", "13800000000", true},
		{"two-part name", "欧阳 娜娜 13800000000", "欧阳 娜娜", "13800000000", true},
		{"empty", "", "", "", false},
		{"name only", "张三", "", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			name, tel, ok := splitRegistration(tt.in)
			if name != tt.wantName || tel != tt.wantTel || ok != tt.wantOK {
				t.Errorf("got %q %q %v, want %q %q %v", name, tel, ok, tt.wantName, tt.wantTel, tt.wantOK)
			}
		})
	}
}

func TestCommand(t *testing.T) {
	tests := []struct {
		in, word, wantArg string
		wantOK            bool
	}{
		{"兑换 1", "兑换", "1", true},
		{"兑换1", "兑换", "1", true},
		{"兑换：2", "兑换", "2", true},
		{"兑换", "兑换", "", true},
		{"取消 R12", "取消", "R12", true},
		{"积分", "兑换", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			arg, ok := command(normalize(tt.in), tt.word)
			if arg != tt.wantArg || ok != tt.wantOK {
				t.Errorf("got %q %v, want %q %v", arg, ok, tt.wantArg, tt.wantOK)
			}
		})
	}
	if got := normalize("\u3000兑换　１２ "); got != "兑换 12" {
		t.Errorf("normalize: got %q, want %q", got, "兑换 12")
	}
}

func TestReplyFor(t *testing.T) {
	tests := []struct {
		err    error
		want   catalog.ID
		wantOK bool
	}{
		{fmt.Errorf("x: %w", grid.ErrBadPhone), catalog.RegisterBadPhone, true},
		{grid.ErrBadName, catalog.RegisterBadName, true},
		{&points.ShortError{Need: 5, Have: 2}, catalog.RedeemShort, true},
		{fmt.Errorf("store: %w", points.ErrRedemptionState), catalog.RedeemCancelUnknown, true},
		{store.ErrNotFound, catalog.RedeemCancelUnknown, true},
		{errOutOfStock, catalog.RedeemOutOfStock, true},
		{errMonthlyLimit, catalog.RedeemMonthlyLimit, true},
		{errors.New("disk on fire"), "", false},
		{nil, "", false},
	}
	for _, tt := range tests {
		id, ok := replyFor(tt.err)
		if id != tt.want || ok != tt.wantOK {
			t.Errorf("replyFor(%v) = %s %v, want %s %v", tt.err, id, ok, tt.want, tt.wantOK)
		}
		if ok && !catalog.Has(id) {
			t.Errorf("replyFor(%v) = %s, not in the catalog", tt.err, id)
		}
	}
}
