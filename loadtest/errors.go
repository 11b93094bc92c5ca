package loadtest

import "errors"

// ErrUsage is returned (wrapped) by Run and Config.Validate for settings a
// person must fix: a non-loopback address, missing credentials, bad
// numbers, too few photos in -photos-dir.
var ErrUsage = errors.New("loadtest: bad settings")
