package dataweb

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"

	"corridor/internal/data"
	"corridor/internal/errs"
	"corridor/internal/web"
)

// estimateRequest reads an estimation request from the form (the page's)
// or the JSON body (the API's).
func estimateRequest(r *http.Request, values func(name string) string) (data.EstimateRequest, error) {
	id, err := pathDataset(r)
	if err != nil {
		return data.EstimateRequest{}, err
	}
	fields := errs.Fields{}
	year := func(name string) int {
		y, err := strconv.Atoi(strings.TrimSpace(values(name)))
		if err != nil {
			fields.Add(name, "data.error.year")
		}
		return y
	}
	req := data.EstimateRequest{Dataset: id, From: year("from"), To: year("to"), Method: values("method"), NoStayerAssumption: values("no_stayers") != "", Publish: values("publish") != ""}
	return req, fields.Err()
}

func (h *Handlers) estimate(w http.ResponseWriter, r *http.Request) error {
	if err := web.ParseForm(r); err != nil {
		return err
	}
	req, err := estimateRequest(r, r.PostFormValue)
	if err != nil {
		return err
	}
	res, err := h.S.Estimate(r.Context(), req)
	if err != nil {
		return err
	}
	flash := "data.flash.estimated"
	if res.Dataset.Public() {
		flash = "data.flash.estimated_published"
	}
	h.Web.Redirect(w, r, "/data/datasets/"+strconv.FormatInt(res.Dataset.ID, 10), flash)
	return nil
}

// apiEstimate runs an estimation from a JSON body
// {"from": 2015, "to": 2019, "method": "demographic", "no_stayers": false}
// and answers the new dataset.
func (h *Handlers) apiEstimate(w http.ResponseWriter, r *http.Request) error {
	var body struct {
		From      json.Number `json:"from"`
		To        json.Number `json:"to"`
		Method    string      `json:"method"`
		NoStayers bool        `json:"no_stayers"`
		Publish   bool        `json:"publish"`
	}
	if err := web.DecodeJSON(r, &body); err != nil {
		return err
	}
	req, err := estimateRequest(r, func(name string) string {
		switch name {
		case "from":
			return body.From.String()
		case "to":
			return body.To.String()
		case "method":
			return body.Method
		case "no_stayers":
			if body.NoStayers {
				return "1"
			}
		case "publish":
			if body.Publish {
				return "1"
			}
		}
		return ""
	})
	if err != nil {
		return err
	}
	res, err := h.S.Estimate(r.Context(), req)
	if err != nil {
		return err
	}
	return web.WriteJSON(w, http.StatusCreated, map[string]any{"dataset": res.Dataset})
}
