package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"gridbot/config"
	"gridbot/photo"
)

// photocheckLine is one line of `photocheck -json`.
type photocheckLine struct {
	File       string         `json:"file"`
	OK         bool           `json:"ok"`
	Reasons    []photo.Reason `json:"reasons"`
	Width      int            `json:"width"`
	Height     int            `json:"height"`
	SHA256     string         `json:"sha256"`
	PHash      string         `json:"phash"`
	Blur       float64        `json:"blur"`
	Brightness float64        `json:"brightness"`
	Contrast   float64        `json:"contrast"`
	// Retake is true when the only problem is a borderline blur: the rider
	// would be asked to shoot again rather than refused.
	Retake      bool    `json:"retake"`
	DuplicateOf *string `json:"duplicate_of"`
	// DuplicateKind is "exact_duplicate", "near_duplicate" or "burst" when
	// DuplicateOf is set.
	DuplicateKind *string `json:"duplicate_kind"`
	Distance      *int    `json:"distance"`
	// Error says why the file could not be read at all.
	Error string `json:"error,omitempty"`
}

// runPhotocheck vets photo files as the service would, each compared with
// the files before it. Exit 0 if all are accepted, 1 if any is not (a
// borderline "retake" or an unreadable file counts as not accepted), 2 for
// usage errors.
func runPhotocheck(ctx context.Context, env *Env) error {
	flags := newFlags(env, "photocheck")
	cfgPath := configFlag(flags, env)
	asJSON := flags.Bool("json", false, "print one JSON object per file")
	burst := flags.Bool("burst", false, "treat the files as one rider's shots taken together (burst rules apply)")
	flags.Usage = func() {
		fmt.Fprintln(env.Stderr, "usage: gridbot photocheck [-json] [-burst] [-config FILE] FILE...")
		flags.PrintDefaults()
	}
	if err := parseFlags(flags, env.Args); err != nil {
		return err
	}
	if flags.NArg() == 0 {
		flags.Usage()
		return withCode(ExitUsage, errors.New("no photo files given"))
	}
	cfg, err := photocheckConfig(*cfgPath)
	if err != nil {
		return err
	}
	checker := photo.NewChecker(cfg.Photo)
	policy := photo.PolicyFrom(cfg.Photo)
	idx := photo.NewIndex()
	t0 := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

	var table *tabwriter.Writer
	if !*asJSON {
		table = tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(table, "FILE\tOK\tSIZE\tBLUR\tBRIGHT\tCONTRAST\tPHASH\tDUPLICATE OF\tDIST\tREASONS")
	}
	rejected := 0
	for i, name := range flags.Args() {
		if err := ctx.Err(); err != nil {
			return err
		}
		line, err := photocheckFile(checker, policy, idx, name, i, *burst, t0)
		if err != nil {
			line = photocheckLine{File: name, Reasons: []photo.Reason{}, Error: err.Error()}
		}
		if !line.OK {
			rejected++
		}
		if *asJSON {
			data, err := json.Marshal(line)
			if err != nil {
				return err
			}
			fmt.Fprintf(env.Stdout, "%s\n", data)
			continue
		}
		dup, dist := "-", "-"
		if line.DuplicateOf != nil {
			dup, dist = *line.DuplicateKind+" of "+*line.DuplicateOf, fmt.Sprint(*line.Distance)
		}
		ok := "yes"
		if !line.OK {
			ok = "no"
		}
		reasons := make([]string, len(line.Reasons))
		for i, r := range line.Reasons {
			reasons[i] = string(r)
		}
		if line.Error != "" {
			reasons = append(reasons, "unreadable: "+line.Error)
		}
		fmt.Fprintf(table, "%s\t%s\t%dx%d\t%.0f\t%.0f\t%.0f\t%s\t%s\t%s\t%s\n",
			line.File, ok, line.Width, line.Height, line.Blur, line.Brightness, line.Contrast, or(line.PHash, "-"), dup, dist, or(strings.Join(reasons, ","), "-"))
	}
	if table != nil {
		if err := table.Flush(); err != nil {
			return err
		}
	}
	if rejected > 0 {
		return withCode(ExitFailure, fmt.Errorf("%d of %d photos not accepted", rejected, flags.NArg()))
	}
	return nil
}

// photocheckConfig loads the config file if it exists, else the defaults.
func photocheckConfig(path string) (*config.Config, error) {
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return config.Default(), nil
	}
	return loadConfig(path)
}

// photocheckFile vets one file and classifies it against the earlier ones.
// Files are taken as sent a day apart by different riders, or, with
// burst, a second apart by one rider.
func photocheckFile(c *photo.Checker, p photo.Policy, idx *photo.Index, name string, i int, burst bool, t0 time.Time) (photocheckLine, error) {
	f, err := os.Open(name)
	if err != nil {
		return photocheckLine{}, err
	}
	defer f.Close()
	res, err := c.Check(f)
	if err != nil {
		return photocheckLine{}, fmt.Errorf("%s: %w", name, err)
	}
	line := photocheckLine{
		File: name, Reasons: res.Reasons, Width: res.Width, Height: res.Height,
		SHA256: res.SHA256, Blur: res.Blur, Brightness: res.Brightness, Contrast: res.Contrast, Retake: res.Retake,
	}
	if res.Hash.Algo == "" {
		line.OK = res.OK
		return line, nil
	}
	line.PHash = res.Hash.Hex()
	owner, at := fmt.Sprintf("rider%d", i), t0.Add(time.Duration(i)*24*time.Hour)
	if burst {
		owner, at = "rider", t0.Add(time.Duration(i)*time.Second)
	}
	v := photo.Classify(idx, res.SHA256, res.Hash.Value, owner, at, p)
	if v.Kind != photo.KindNew {
		of, dist, kind := v.Of.ID, v.Distance, string(v.Kind)
		line.DuplicateOf, line.Distance, line.DuplicateKind = &of, &dist, &kind
		line.Reasons = append(line.Reasons, v.Reason())
	}
	idx.Add(photo.Entry{ID: name, SHA256: res.SHA256, Hash: res.Hash.Value, Owner: owner, At: at})
	line.OK = len(line.Reasons) == 0
	return line, nil
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
