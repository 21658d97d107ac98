package ubiops

// BaseURL is the API's base URL the client sends its requests below, as
// configured (without a trailing slash), for messages that name the host.
func (c *Client) BaseURL() string { return c.baseURL.String() }
