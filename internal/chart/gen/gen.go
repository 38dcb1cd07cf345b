//go:build ignore

// gen.go converts the Natural Earth 1:110m admin-0 countries, as published in
// the npm package world-atlas (countries-110m.json, TopoJSON), into
// ../world.json: SVG path data per country, projected with the Equal Earth
// projection into a fixed viewBox, simplified and rounded to 0.1 px.
//
// Run it from the chart directory:
//
//	go run ./gen/gen.go <path to countries-110m.json> > world.json
//
// See ../SOURCE.md for how to obtain the input file.
package main

import (
	"encoding/json"
	"fmt"
	"log"
	"math"
	"os"
	"strconv"
	"strings"
)

const (
	width     = 960.0 // viewBox width of the projected world
	tolerance = 0.3   // Douglas–Peucker tolerance in viewBox units
)

type topology struct {
	Transform struct {
		Scale     [2]float64 `json:"scale"`
		Translate [2]float64 `json:"translate"`
	} `json:"transform"`
	Arcs    [][][2]int `json:"arcs"`
	Objects struct {
		Countries struct {
			Geometries []struct {
				Type       string          `json:"type"`
				ID         string          `json:"id"`
				Arcs       json.RawMessage `json:"arcs"`
				Properties struct {
					Name string `json:"name"`
				} `json:"properties"`
			} `json:"geometries"`
		} `json:"countries"`
	} `json:"objects"`
}

type pt struct{ x, y float64 }

// equalEarth projects longitude/latitude in degrees (Šavrič, Patterson &
// Jenny 2018). The result is in unit-sphere coordinates, y pointing north.
func equalEarth(lon, lat float64) pt {
	const a1, a2, a3, a4 = 1.340264, -0.081106, 0.000893, 0.003796
	m := math.Sqrt(3) / 2
	l := lon * math.Pi / 180
	p := lat * math.Pi / 180
	th := math.Asin(m * math.Sin(p))
	t2 := th * th
	t6 := t2 * t2 * t2
	x := l * math.Cos(th) / (m * (a1 + 3*a2*t2 + t6*(7*a3+9*a4*t2)))
	y := th * (a1 + a2*t2 + t6*(a3+a4*t2))
	return pt{x, y}
}

var (
	xMax  = equalEarth(180, 0).x
	yMax  = equalEarth(0, 90).y
	scale = width / (2 * xMax)
)

func toView(lon, lat float64) pt {
	p := equalEarth(lon, lat)
	return pt{(p.x + xMax) * scale, (yMax - p.y) * scale}
}

func segDist(p, a, b pt) float64 {
	dx, dy := b.x-a.x, b.y-a.y
	if dx == 0 && dy == 0 {
		return math.Hypot(p.x-a.x, p.y-a.y)
	}
	t := ((p.x-a.x)*dx + (p.y-a.y)*dy) / (dx*dx + dy*dy)
	t = math.Max(0, math.Min(1, t))
	return math.Hypot(p.x-a.x-t*dx, p.y-a.y-t*dy)
}

func dp(pts []pt, keep []bool, i, j int) {
	if j <= i+1 {
		return
	}
	best, bi := -1.0, -1
	for k := i + 1; k < j; k++ {
		if d := segDist(pts[k], pts[i], pts[j]); d > best {
			best, bi = d, k
		}
	}
	if best > tolerance {
		keep[bi] = true
		dp(pts, keep, i, bi)
		dp(pts, keep, bi, j)
	}
}

// simplify keeps both ends of an arc, so shared borders stay shared.
func simplify(geo []pt) []pt {
	pts := make([]pt, len(geo))
	for k, g := range geo {
		pts[k] = toView(g.x, g.y)
	}
	keep := make([]bool, len(pts))
	keep[0], keep[len(pts)-1] = true, true
	if len(pts) > 2 && pts[0] == pts[len(pts)-1] {
		// closed arc: split at the farthest point from the start.
		far, fi := -1.0, 0
		for k, p := range pts {
			if d := math.Hypot(p.x-pts[0].x, p.y-pts[0].y); d > far {
				far, fi = d, k
			}
		}
		keep[fi] = true
		dp(pts, keep, 0, fi)
		dp(pts, keep, fi, len(pts)-1)
	} else {
		dp(pts, keep, 0, len(pts)-1)
	}
	var out []pt
	for k, p := range geo {
		if keep[k] {
			out = append(out, p)
		}
	}
	return out
}

// clipLon clips a ring to lo ≤ lon ≤ hi (Sutherland–Hodgman, one edge at a
// time).
func clipLon(ring []pt, lo, hi float64) []pt {
	half := func(in []pt, inside func(pt) bool, edge float64) []pt {
		var out []pt
		for k := range in {
			p, q := in[k], in[(k+1)%len(in)]
			pin, qin := inside(p), inside(q)
			if pin {
				out = append(out, p)
			}
			if pin != qin {
				t := (edge - p.x) / (q.x - p.x)
				out = append(out, pt{edge, p.y + t*(q.y-p.y)})
			}
		}
		return out
	}
	r := half(ring, func(p pt) bool { return p.x <= hi }, hi)
	if len(r) == 0 {
		return nil
	}
	return half(r, func(p pt) bool { return p.x >= lo }, lo)
}

// cutAntimeridian splits a ring that crosses ±180° into rings within
// [-180, 180]. A ring around a pole is closed along that pole.
func cutAntimeridian(ring []pt) [][]pt {
	crosses := false
	for k := 1; k < len(ring); k++ {
		if math.Abs(ring[k].x-ring[k-1].x) > 180 {
			crosses = true
			break
		}
	}
	if !crosses {
		return [][]pt{ring}
	}
	u := []pt{ring[0]}
	for k := 1; k < len(ring); k++ {
		x := ring[k].x
		prev := u[k-1].x
		for x-prev > 180 {
			x -= 360
		}
		for x-prev < -180 {
			x += 360
		}
		u = append(u, pt{x, ring[k].y})
	}
	if d := u[len(u)-1].x - u[0].x; math.Abs(d) > 180 {
		// Encircles a pole: close the ring along it.
		sum := 0.0
		for _, p := range u {
			sum += p.y
		}
		pole := -90.0
		if sum > 0 {
			pole = 90
		}
		u = append(u, pt{u[len(u)-1].x, pole}, pt{u[0].x, pole})
	}
	var out [][]pt
	for _, shift := range []float64{-720, -360, 0, 360, 720} {
		s := make([]pt, len(u))
		for k, p := range u {
			s[k] = pt{p.x + shift, p.y}
		}
		if c := clipLon(s, -180, 180); len(c) >= 3 {
			out = append(out, c)
		}
	}
	return out
}

// tenths formats an integer number of tenths compactly ("12.3", ".5", "-4").
func tenths(v int) string {
	neg := v < 0
	if neg {
		v = -v
	}
	s := strconv.Itoa(v / 10)
	if r := v % 10; r != 0 {
		if s == "0" {
			s = ""
		}
		s += "." + strconv.Itoa(r)
	}
	if neg {
		s = "-" + s
	}
	return s
}

func main() {
	if len(os.Args) != 2 {
		log.Fatal("usage: go run gen.go countries-110m.json > world.json")
	}
	raw, err := os.ReadFile(os.Args[1])
	if err != nil {
		log.Fatal(err)
	}
	var topo topology
	if err := json.Unmarshal(raw, &topo); err != nil {
		log.Fatal(err)
	}
	// Decode the delta-encoded, quantized arcs, project and simplify them.
	// arcs hold longitude/latitude; the simplification measures distances
	// in the projected plane.
	arcs := make([][]pt, len(topo.Arcs))
	for i, a := range topo.Arcs {
		x, y := 0, 0
		geo := make([]pt, 0, len(a))
		for _, d := range a {
			x += d[0]
			y += d[1]
			lon := float64(x)*topo.Transform.Scale[0] + topo.Transform.Translate[0]
			lat := float64(y)*topo.Transform.Scale[1] + topo.Transform.Translate[1]
			geo = append(geo, pt{lon, lat})
		}
		arcs[i] = simplify(geo)
	}
	ring := func(idx []int) []pt {
		var out []pt
		for n, i := range idx {
			var a []pt
			if i >= 0 {
				a = arcs[i]
			} else {
				src := arcs[^i]
				a = make([]pt, len(src))
				for k := range src {
					a[k] = src[len(src)-1-k]
				}
			}
			if n > 0 {
				a = a[1:]
			}
			out = append(out, a...)
		}
		return out
	}
	path := func(rings [][]int) string {
		var b strings.Builder
		var parts [][]pt
		for _, r := range rings {
			parts = append(parts, cutAntimeridian(ring(r))...)
		}
		for _, pts := range parts {
			var q [][2]int
			for _, g := range pts {
				p := toView(g.x, g.y)
				c := [2]int{int(math.Round(p.x * 10)), int(math.Round(p.y * 10))}
				if len(q) > 0 && q[len(q)-1] == c {
					continue
				}
				q = append(q, c)
			}
			if len(q) > 1 && q[0] == q[len(q)-1] {
				q = q[:len(q)-1]
			}
			if len(q) < 3 {
				continue // collapsed below the resolution
			}
			b.WriteString("M" + tenths(q[0][0]) + " " + tenths(q[0][1]) + "l")
			first := true
			for k := 1; k < len(q); k++ {
				for _, v := range []int{q[k][0] - q[k-1][0], q[k][1] - q[k-1][1]} {
					s := tenths(v)
					if !first && s[0] != '-' {
						b.WriteByte(' ')
					}
					b.WriteString(s)
					first = false
				}
			}
			b.WriteString("z")
		}
		return b.String()
	}
	type country struct {
		ID   string `json:"id,omitempty"`
		Name string `json:"name"`
		D    string `json:"d"`
	}
	var out struct {
		Width  float64   `json:"w"`
		Height float64   `json:"h"`
		Sphere string    `json:"sphere"`
		Items  []country `json:"countries"`
	}
	out.Width = width
	out.Height = math.Round(2*yMax*scale*10) / 10
	// The outline of the projected sphere: the ±180° meridians.
	var sb strings.Builder
	for lat := -90; lat <= 90; lat++ {
		p := toView(180, float64(lat))
		fmt.Fprintf(&sb, "%s%.1f %.1f", map[bool]string{true: "M", false: "L"}[lat == -90], p.x, p.y)
	}
	for lat := 90; lat >= -90; lat-- {
		p := toView(-180, float64(lat))
		fmt.Fprintf(&sb, "L%.1f %.1f", p.x, p.y)
	}
	sb.WriteString("Z")
	out.Sphere = sb.String()
	for _, g := range topo.Objects.Countries.Geometries {
		var polys [][][]int
		switch g.Type {
		case "Polygon":
			var p [][]int
			if err := json.Unmarshal(g.Arcs, &p); err != nil {
				log.Fatal(err)
			}
			polys = [][][]int{p}
		case "MultiPolygon":
			if err := json.Unmarshal(g.Arcs, &polys); err != nil {
				log.Fatal(err)
			}
		default:
			continue
		}
		var rings [][]int
		for _, p := range polys {
			rings = append(rings, p...)
		}
		d := path(rings)
		if d == "" {
			log.Printf("skipping %s (%s): empty after simplification", g.ID, g.Properties.Name)
			continue
		}
		out.Items = append(out.Items, country{g.ID, g.Properties.Name, d})
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(out); err != nil {
		log.Fatal(err)
	}
}
