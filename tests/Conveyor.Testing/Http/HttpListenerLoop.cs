using System.Net;

namespace Conveyor.Testing.Http;

/// <summary>The accept loop of the tests' small HTTP servers: each request answered on its own task until the listener stops.</summary>
public static class HttpListenerLoop
{
    public static async Task AcceptAsync(HttpListener listener, Func<HttpListenerContext, Task> answer)
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => answer(context));
        }
    }
}
