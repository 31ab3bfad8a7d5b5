package azure

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/Azure/azure-sdk-for-go/sdk/azcore"
	"github.com/Azure/azure-sdk-for-go/sdk/azcore/runtime"
	"github.com/geocache/terraform-provider-geocache/internal/backend"
)

var sprintf = fmt.Sprintf

// armError turns an ARM error response into a *backend.APIError whose
// message names the resource the request was about.
func armError(resp *http.Response, subject string) error {
	body, err := runtime.Payload(resp)
	if err != nil {
		return fmt.Errorf("%s: HTTP %d (reading the error body: %v)", subject, resp.StatusCode, err)
	}
	err = errorFromBody(resp.StatusCode, body, subject)
	var ae *backend.APIError
	if errors.As(err, &ae) && strings.EqualFold(ae.Code, codeResourceGroupNotFound) && resp.Request != nil {
		if rg := resourceGroupOfPath(resp.Request.URL.Path); rg != "" {
			ae.Message = sprintf("%s: resource group %q does not exist: %s", subject, rg, strings.TrimPrefix(ae.Message, subject+": "))
		}
	}
	return err
}

// codeResourceGroupNotFound is ARM's answer for anything in a resource
// group that does not exist. It says nothing about the resource asked for,
// so it is a plain error, never backend.ErrNotFound: treating it as "gone"
// would drop every resource in the group from state.
const codeResourceGroupNotFound = "ResourceGroupNotFound"

// resourceGroupOfPath is the resource group segment of an ARM path, or "".
func resourceGroupOfPath(path string) string {
	seg := strings.Split(strings.Trim(path, "/"), "/")
	for i := 0; i+1 < len(seg); i++ {
		if strings.EqualFold(seg[i], "resourceGroups") {
			if rg, err := url.PathUnescape(seg[i+1]); err == nil {
				return rg
			}
			return seg[i+1]
		}
	}
	return ""
}

func errorFromBody(status int, body []byte, subject string) error {
	var parsed armErrorBody
	code, msg := "", ""
	if json.Unmarshal(body, &parsed) == nil && parsed.Error != nil {
		code, msg = parsed.Error.Code, parsed.Error.Message
	}
	if msg == "" {
		msg = http.StatusText(status)
		if msg == "" {
			msg = "operation failed"
		}
	}
	kind := kindOf(status)
	if strings.EqualFold(code, codeResourceGroupNotFound) {
		kind = nil
	}
	return &backend.APIError{
		Kind:       kind,
		StatusCode: status,
		Code:       code,
		Message:    subject + ": " + msg,
	}
}

func kindOf(status int) error {
	switch status {
	case http.StatusNotFound:
		return backend.ErrNotFound
	case http.StatusConflict:
		return backend.ErrConflict
	case http.StatusBadRequest:
		return backend.ErrInvalid
	}
	return nil
}

// lroError maps a failure reported by an azcore poller. A failed operation
// status arrives as a 200 whose body carries the error.
func lroError(err error, subject string) error {
	var re *azcore.ResponseError
	if errors.As(err, &re) && re.RawResponse != nil {
		return armError(re.RawResponse, subject)
	}
	return fmt.Errorf("%s: %w", subject, err)
}

// isStatus reports whether err is an APIError carrying HTTP status code.
func isStatus(err error, code int) bool {
	var ae *backend.APIError
	return errors.As(err, &ae) && ae.StatusCode == code
}

var errPagingLoop = errors.New("listing did not end after 10000 pages")
