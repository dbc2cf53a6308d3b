// The private link carries its secret after '#', which browsers never send to a server or a proxy.
// Take it off the address bar and history at once, send it once in a POST body, then go on.
(function () {
  var status = document.getElementById("status");
  var secret = location.hash.slice(1);
  var next = new URLSearchParams(location.search).get("next") || "";
  history.replaceState(null, "", location.pathname);
  if (!secret) {
    status.textContent = "This page needs the private link you were sent. Open that link again, or ask the person who runs trainer for a new one.";
    return;
  }
  var body = new URLSearchParams({ secret: secret, next: next });
  fetch(location.pathname, { method: "POST", body: body, credentials: "same-origin", headers: { "Accept": "application/json" } })
    .then(function (response) { return response.json().then(function (data) { return { ok: response.ok, data: data }; }); })
    .then(function (answer) {
      if (answer.ok) { location.replace(answer.data.location); } else { status.textContent = answer.data.message; }
    })
    .catch(function () { status.textContent = "trainer could not be reached. Check your connection, then open your link again."; });
})();
