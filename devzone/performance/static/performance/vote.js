// The ballot page: a slip's QR code opens /performance/vote/#CODE; the code stays in the fragment (never sent
// to the server in a URL, so no access log holds it) and is copied into the form here.
document.addEventListener("DOMContentLoaded", () => {
  const input = document.getElementById("id_code");
  if (input && !input.value && window.location.hash.length > 1) {
    input.value = decodeURIComponent(window.location.hash.slice(1));
    history.replaceState(null, "", window.location.pathname);
  }
});
