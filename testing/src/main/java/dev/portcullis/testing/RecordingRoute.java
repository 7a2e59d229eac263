package dev.portcullis.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import no.nav.security.mock.oauth2.http.OAuth2HttpRequest;
import no.nav.security.mock.oauth2.http.OAuth2HttpResponse;
import no.nav.security.mock.oauth2.http.Route;

/**
 * Records every request the embedded provider receives and lets the routes after it answer: the mock checks little on
 * its own, so tests assert on what was asked of it.
 */
final class RecordingRoute implements Route {

    private final List<OAuth2HttpRequest> requests = new CopyOnWriteArrayList<>();

    @Override
    public boolean match(OAuth2HttpRequest request) {
        requests.add(request);
        return false;
    }

    @Override
    public OAuth2HttpResponse invoke(OAuth2HttpRequest request) {
        throw new IllegalStateException("never matches");
    }

    /** @return every request received, oldest first */
    List<OAuth2HttpRequest> requests() {
        return List.copyOf(requests);
    }

    /** @return the token endpoint requests received, oldest first */
    List<OAuth2HttpRequest> tokenRequests() {
        return requests.stream()
                .filter(request -> request.getMethod().equals("POST") && request.getUrl().encodedPath().endsWith("/token"))
                .toList();
    }

    /** Forgets the requests received so far. */
    void clear() {
        requests.clear();
    }
}
